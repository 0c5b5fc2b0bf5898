-- POST a quiz form with the session's CSRF token; every request gets its own form token,
-- as a learner opening the module again would. Args: path, form body without the token.
local counter = 0
local thread_id = 0
local threads = {}

setup = function(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

init = function(args)
  wrk.method = "POST"
  wrk.path = args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  base = args[2]
end

request = function()
  counter = counter + 1
  -- wrk.format() without arguments keeps wrk.headers (Host, the session cookie).
  wrk.body = base .. "&token=wrk" .. thread_id .. "x" .. counter .. "x" .. os.time()
  return wrk.format()
end
-- Print wrk's summary as one JSON line the bench reads (p50/p95 in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"errors":%d,"status_errors":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"bytes":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    e.status, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.bytes))
end
