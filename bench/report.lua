-- wrk script: after the run, print one line that bench/run.sh reads.
-- Latencies are in microseconds; "non2xx" counts answers outside 2xx/3xx
-- (a pending page answers 404), "errors" failed sockets and timeouts.
done = function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d rps=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f " ..
        "non2xx=%d errors=%d\n",
        summary.requests, summary.requests / seconds,
        latency:percentile(50), latency:percentile(99), latency.max,
        e.status, e.connect + e.read + e.write + e.timeout))
end
