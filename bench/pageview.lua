-- Signed-in page views: GET / with a session cookie drawn at random from the file
-- $BENCH_SESSIONS (one id per line, written by `matricula seed`). With BENCH_CHECK=1 every
-- answer is counted and every 200 must say "Welcome,".
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local requests, count

setup = common.setup

-- Every request is made once here, so that sending one allocates nothing: with a million
-- sessions, garbage made per request would have Lua's collector walk the whole table over and
-- over, pausing this client for 100 ms and more (measured against nginx: p99 106 ms with a
-- million ids, 6.5 ms with ten thousand).
function init(args)
  requests = {}
  for _, id in ipairs(common.read_lines(assert(os.getenv("BENCH_SESSIONS"), "BENCH_SESSIONS is not set"))) do
    requests[#requests + 1] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: matricula_session=" .. id .. "\r\n\r\n"
  end
  count = #requests
  collectgarbage()
  math.randomseed(os.time() * 100 + thread_index)
end

function request()
  return requests[math.random(count)]
end

if common.check then
  function response(status, headers, body) common.count(status, headers, body, "Welcome,") end
end
done = common.done
