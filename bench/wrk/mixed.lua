-- Cycle through the paths given as arguments: a mixed load of learner pages.
local paths = {}
local i = 0

init = function(args)
  for _, p in ipairs(args) do table.insert(paths, p) end
end

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
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
