-- wrk script for bench/bench_http.py: each request as the next of many signed-in people.
--
--   wrk ... -s bench/wrk_sessions.lua http://127.0.0.1:PORT -- SESSIONS PATH METHOD STATUS
--
-- SESSIONS is a file of lines "cookie<TAB>csrf token<TAB>bid id" (one signed-in person each).
-- PATH may hold "{bid}": the bid that person can answer. A POST answers it (yes, now) the way
-- the page's htmx does, with the CSRF token. Every response whose status is not STATUS is
-- counted (a lost session would answer a 302 to the login page, which wrk alone counts as fine).
-- done() prints one line: "BENCH {json}".

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  sessions = {}
  for line in io.lines(args[1]) do
    local cookie, csrf, bid = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if cookie then
      table.insert(sessions, { cookie = cookie, csrf = csrf, bid = bid })
    end
  end
  template, method, expected = args[2], args[3], tonumber(args[4])
  -- threads start at different people so they do not move in step
  index = (id * 97) % #sessions
  good, unexpected = 0, 0
end

function request()
  index = index % #sessions + 1
  local person = sessions[index]
  local path = template:gsub("{bid}", person.bid)
  local headers = { Host = wrk.headers["Host"], Cookie = person.cookie }
  local body = nil
  if method == "POST" then
    headers["X-CSRFToken"] = person.csrf
    headers["HX-Request"] = "true"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = "answer=yes_now"
  end
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  if status == expected then
    good = good + 1
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local good_total, unexpected_total = 0, 0
  for _, thread in ipairs(threads) do
    good_total = good_total + thread:get("good")
    unexpected_total = unexpected_total + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "expected": %d, "unexpected": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d, "status": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, good_total, unexpected_total, e.connect, e.read,
    e.write, e.timeout, e.status))
end
