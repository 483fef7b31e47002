-- wrk script for kb search: cycles through request paths read from a file
-- (one a line, written by `loadgen -paths`), so that each request can be a
-- query the server has not answered before, and prints one parseable line:
--
--   wrk -t1 -c32 -d20s -s bench/search.lua http://127.0.0.1:8080 -- /tmp/unique.txt
--
-- Each wrk thread starts at its own offset in the file.
local paths = {}
local i = 0

function init(args)
	for line in io.lines(args[1]) do
		paths[#paths + 1] = line
	end
	if #paths == 0 then
		error("no request paths in " .. args[1])
	end
	-- offset is the global setup gave this thread.
	i = (tonumber(offset) or 0) % #paths
end

local threads = 0
function setup(thread)
	thread:set("offset", tostring(threads * 100003))
	threads = threads + 1
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
	local e = summary.errors
	local errors = e.connect + e.read + e.write + e.timeout
	local ms = function(p) return latency:percentile(p) / 1000 end
	io.write(string.format(
		"wrk requests=%d qps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
		summary.requests, summary.requests / (summary.duration / 1e6), ms(50), ms(90), ms(99),
		latency.max / 1000, errors, e.status))
end
