
-- Appended to every workload's script: one line the harness reads, with the counts, the latency percentiles
-- (microseconds) and this wrk process's own CPU time (clock ticks, from /proc/self/stat: utime + stime).
function done(summary, latency, requests)
  local ticks = -1
  local file = io.open("/proc/self/stat", "r")
  if file then
    local stat = file:read("*a")
    file:close()
    local fields = {}
    for field in stat:match("%) (.*)"):gmatch("%S+") do
      fields[#fields + 1] = field
    end
    ticks = tonumber(fields[12]) + tonumber(fields[13])
  end
  local e = summary.errors
  io.write(string.format("PREFS-WRK requests=%.0f duration_us=%.0f connect=%.0f read=%.0f write=%.0f status=%.0f"
      .. " timeout=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f cpu_ticks=%.0f\n",
      summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, ticks))
end
