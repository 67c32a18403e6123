-- Signed-in page views: GET / with a session cookie drawn at random from the file
-- $BENCH_SESSIONS (one id per line, written by `matricula seed`). With BENCH_CHECK=1 every
-- answer is counted and every 200 must say "Welcome,".
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local ids

setup = common.setup

function init(args)
  ids = common.read_lines(assert(os.getenv("BENCH_SESSIONS"), "BENCH_SESSIONS is not set"))
  math.randomseed(os.time() * 100 + thread_index)
end

function request()
  return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: matricula_session=" .. ids[math.random(#ids)] .. "\r\n\r\n"
end

if common.check then
  function response(status, headers, body) common.count(status, headers, body, "Welcome,") end
end
done = common.done
