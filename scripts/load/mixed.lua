-- wrk script for scripts/load_test.sh: 1 request in 5 re-sends awards.csv (an idempotent ingest: the same
-- bytes, answered "unchanged"), the rest read a statement (its lines, or the statement document).
-- Environment: GS_TOKEN (API token), GS_RUN (run id), GS_AWARDS (path to awards.csv).
local token = os.getenv("GS_TOKEN")
local run = os.getenv("GS_RUN")
local f = assert(io.open(os.getenv("GS_AWARDS"), "rb"))
local awards = f:read("*all")
f:close()
local counter = 0
local statuses = {}

request = function()
  counter = counter + 1
  local headers = { ["Authorization"] = "Bearer " .. token }
  if counter % 5 == 0 then
    headers["Content-Type"] = "text/csv"
    return wrk.format("PUT", "/v1/datasets/load/files/awards.csv", headers, awards)
  elseif counter % 2 == 0 then
    return wrk.format("GET", "/v1/runs/" .. run .. "/lines", headers)
  else
    return wrk.format("GET", "/v1/runs/" .. run .. "/statement", headers)
  end
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d in %.1f s: %.1f req/s\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
