-- Shared by the wrk scripts of bench/run.sh. Each wrk thread has its own Lua state: counters
-- are kept per thread and summed in done(), which prints one line "BENCH-JSON {...}" with the
-- figures bench/report.py reads (wrk's own text output is kept beside it).
local common = {}
local threads = {}

function common.setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

counters = {}

function common.bump(key, n)
  counters[key] = (counters[key] or 0) + (n or 1)
end

-- Counts the answer by status ("303 /" for redirects, with their Location) and, when `expect`
-- is given, the 2xx bodies that lack it.
function common.count(status, headers, body, expect)
  local key = tostring(status)
  if status >= 300 and status < 400 then key = key .. " " .. tostring(headers["Location"]) end
  common.bump("status " .. key)
  if expect and status >= 200 and status < 300 and not string.find(body or "", expect, 1, true) then
    common.bump("body without " .. expect)
  end
end

local function json_string(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end) .. '"'
end

function common.done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counters") or {}) do merged[k] = (merged[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(merged) do table.insert(parts, json_string(k) .. ":" .. v) end
  table.sort(parts)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"counters":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ",")))
end

function common.read_lines(path)
  local lines = {}
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in f:lines() do
    if #line > 0 then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end

-- BENCH_CHECK=1 makes the scripts define response() and check every answer. That costs wrk
-- CPU on this 2-core machine (it parses and keeps every body), so measured page-view runs skip
-- it and a short checking run comes before them.
common.check = os.getenv("BENCH_CHECK") == "1"

return common
