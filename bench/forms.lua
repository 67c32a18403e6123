-- POSTs of the account forms with anonymous sessions from $BENCH_ANONYMOUS ("ID CSRF" lines
-- written by `matricula seed`); every answer is counted by status.
--   BENCH_MODE=signin    POST /account/login/ as a random seeded user with the right password.
--                        A sign-in rotates the session, so each pair is used once: the wrk
--                        threads share the file out and "pairs exhausted" counts reuse.
--   BENCH_MODE=otp       POST /account/send_otp/ for a random seeded address (pairs reused).
--   BENCH_MODE=register  POST /account/register/ with a unique address and phone number.
-- BENCH_USERS: seeded users (user1..userN@bench.test); BENCH_THREADS: wrk's -t.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local mode = os.getenv("BENCH_MODE") or "signin"
local users = tonumber(os.getenv("BENCH_USERS") or "1")
local pairs_list, next_pair, counter = {}, 1, 0
local password = "bench+password+12345"  -- the seeded users' password
-- Registrations need their own: the policy refuses a password that contains a part of the
-- address ("bench").
local new_password = "velvet-Quokka-orbit-7731"

setup = common.setup

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
  local all = common.read_lines(assert(os.getenv("BENCH_ANONYMOUS"), "BENCH_ANONYMOUS is not set"))
  for i, line in ipairs(all) do
    if (i - 1) % nthreads == thread_index - 1 then
      local id, csrf = line:match("^(%S+) (%S+)$")
      pairs_list[#pairs_list + 1] = {id, csrf}
    end
  end
  math.randomseed(os.time() * 100 + thread_index)
end

local function post(path, cookie, body)
  return "POST " .. path .. " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: matricula_session=" .. cookie ..
         "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body
end

local function seeded_address()
  return "user" .. math.random(users) .. "%40bench.test"
end

function request()
  local pair
  if mode == "signin" then
    if next_pair > #pairs_list then
      next_pair = 1
      common.bump("pairs exhausted")
    end
    pair = pairs_list[next_pair]
    next_pair = next_pair + 1
    common.bump("pairs used")
    return post("/account/login/", pair[1],
                "user_email=" .. seeded_address() .. "&password=" .. password .. "&csrf_token=" .. pair[2])
  end
  pair = pairs_list[math.random(#pairs_list)]
  if mode == "otp" then
    return post("/account/send_otp/", pair[1], "email=" .. seeded_address() .. "&csrf_token=" .. pair[2])
  end
  counter = counter + 1
  -- +1, then the thread's digit (2-9) and nine digits of the counter: unique in the run.
  local phone = string.format("%%2B1%d%09d", 1 + thread_index, counter)
  local email = string.format("reg-%d-%d%%40bench.test", thread_index, counter)
  return post("/account/register/", pair[1],
              "first_name=Bench&last_name=Registrant&email=" .. email .. "&phone_number=" .. phone ..
              "&password=" .. new_password .. "&role=student&csrf_token=" .. pair[2])
end

function response(status, headers, body) common.count(status, headers, body, nil) end
done = common.done
