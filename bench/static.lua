-- Scenario 1 (nginx ceiling): wrk's own static request; done() only prints the figures, which
-- costs nothing per request. With BENCH_CHECK=1 every answer is counted too.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
setup = common.setup
if common.check then
  function response(status, headers, body) common.count(status, headers, body, nil) end
end
done = common.done
