-- Signed-in page views: GET / with a session cookie drawn at random from the file
-- $BENCH_SESSIONS (one id per line, all of the same length, written by `matricula seed`). With
-- BENCH_CHECK=1 every answer is counted and every 200 must say "Welcome,".
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local ids, width, count

setup = common.setup

-- The ids stay in one string and each request is cut from it when sent. Two things this avoids:
-- - a table of a million strings, which Lua's collector walked over and over as requests made
--   garbage, pausing this client for 100 ms and more (against nginx: p99 106 ms with a million
--   ids, 6.5 ms with ten thousand);
-- - a slow init: wrk starts each thread as soon as its own init returns, but times the run from
--   when the last thread has started, so requests a thread sent while the next one was still
--   building a million requests counted without their time (the 1M rate came out a third high).
function init(args)
  local file = assert(io.open(assert(os.getenv("BENCH_SESSIONS"), "BENCH_SESSIONS is not set"), "rb"))
  ids = file:read("*a")
  file:close()
  width = assert(ids:find("\n", 1, true), "no session ids")  -- an id and its newline
  assert(#ids % width == 0, "session ids must all have the same length")
  count = #ids / width
  math.randomseed(os.time() * 100 + thread_index)
end

local head, tail = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: matricula_session=", "\r\n\r\n"

function request()
  local at = (math.random(count) - 1) * width + 1
  return head .. ids:sub(at, at + width - 2) .. tail
end

if common.check then
  function response(status, headers, body) common.count(status, headers, body, "Welcome,") end
end
done = common.done
