-- wrk script: each request picks a random address from a list file (one path per line), and
-- the done() hook prints the latency percentiles wrk's own summary leaves out (p95) and the
-- non-200 answers. (wrk runs for its -d duration whatever the threads do, so the run script
-- picks a duration long enough for the requests asked.)
local paths = {}
local file = os.getenv("URLS")
for line in io.lines(file) do
  if #line > 0 then paths[#paths + 1] = line end
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  errors = 0
  math.randomseed(id * 7919 + 17)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local errs = 0
  for _, t in ipairs(threads) do errs = errs + (t:get("errors") or 0) end
  io.write(string.format("requests %d  non-200 %d  socket errors %d\n",
    summary.requests, errs,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("p%d %.1f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("max %.1f ms  throughput %.0f req/s\n", latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
