-- wrk script of the click and postback benches (bench/lib/wrk.ts runs it):
--   wrk ... -s bench/wrk/requests.lua URL -- <click|postback> <run tag> <campaign key | click-ID file>
-- Every request carries a unique id, <tag>-<thread>-<n>: the traffic source's click ID
-- (clickid=, the click event's externalId) or the postback's txid, so the bench can find exactly
-- this run's events in Kafka. Clicks come through a trusted local proxy with a different visitor
-- address in X-Forwarded-For and a browser's User-Agent (GeoIP and bot checks do real work);
-- postbacks carry a fresh signed click ID from the file (one per line, reused when exhausted).
-- done() prints one JSON line (WRK_JSON ...) with wrk's counts, latency percentiles and how many
-- requests each thread sent.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local mode, tag, key
local cids, ncids = {}, 0
local browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
sent = 0

function init(args)
  mode, tag, key = args[1], args[2], args[3]
  if mode == "postback" then
    for line in io.lines(key) do
      ncids = ncids + 1
      cids[ncids] = line
    end
  end
end

-- A public-looking IPv4 address per request, spread over the unicast space (Knuth's multiplicative hash).
local function visitor_ip(n)
  local x = (n * 2654435761) % 0xdf000000
  return string.format("%d.%d.%d.%d", math.floor(x / 16777216) % 256, math.floor(x / 65536) % 256,
    math.floor(x / 256) % 256, x % 256)
end

function request()
  sent = sent + 1
  local id = tag .. "-" .. tid .. "-" .. sent
  if mode == "click" then
    return wrk.format("GET", "/c/" .. key .. "?clickid=" .. id .. "&zone=" .. (sent % 50) .. "&cost=0.01",
      { ["X-Forwarded-For"] = visitor_ip(sent * 64 + tid), ["User-Agent"] = browser })
  end
  local cid = cids[(sent + tid * 7919) % ncids + 1]
  return wrk.format("GET", "/postback?cid=" .. cid .. "&payout=1.25&txid=" .. id)
end

function done(summary, latency, requests)
  local per_thread = {}
  for i, thread in ipairs(threads) do
    per_thread[i] = tostring(thread:get("sent"))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p90":%d,"p99":%d,"max":%d,"sent":[%s]}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(per_thread, ",")))
end
