-- wrk script of the whole-stack bench (bench/stack.ts runs it):
--   wrk ... -s bench/wrk/visits.lua URL -- <campaign key> <visits per second per thread> <click-ID file prefix> <run tag>
-- Clicks at a fixed rate (wrk has no rate option; wrk2 is not packaged): each thread hands out send
-- slots every 1/rate seconds (its share of the rate) and a connection waits for the next free slot
-- (delay()), so the rate holds whatever the latency, as long as connections are free. Each 302's
-- click ID (the offer URL's sub1=) and the time it came are appended to <prefix>-<thread>, one a
-- line, for the bench's postback sender. done() prints one JSON line (WRK_JSON ...) as bench/wrk/requests.lua does.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } cl_timeval;
  int gettimeofday(cl_timeval *tv, void *tz);
]]
local tv = ffi.new("cl_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local key, interval, out, tag
local next_slot
local browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
sent = 0

function init(args)
  key, tag = args[1], args[4]
  -- This thread's share of the rate: one slot every `interval` ms.
  interval = 1000 / tonumber(args[2])
  out = io.open(args[3] .. "-" .. tid, "w")
  out:setvbuf("line")
end

function delay()
  local now = now_ms()
  if next_slot == nil or next_slot < now - 1000 then
    -- Start, or more than a second behind (every connection busy): do not burst to catch up.
    next_slot = now
  end
  local slot = next_slot
  next_slot = next_slot + interval
  local wait = slot - now
  if wait < 0 then return 0 end
  return math.floor(wait)
end

local function visitor_ip(n)
  local x = (n * 2654435761) % 0xdf000000
  return string.format("%d.%d.%d.%d", math.floor(x / 16777216) % 256, math.floor(x / 65536) % 256,
    math.floor(x / 256) % 256, x % 256)
end

function request()
  sent = sent + 1
  return wrk.format("GET", "/c/" .. key .. "?clickid=" .. tag .. "-" .. tid .. "-" .. sent,
    { ["X-Forwarded-For"] = visitor_ip(sent * 64 + tid), ["User-Agent"] = browser })
end

function response(status, headers, body)
  if status ~= 302 then return end
  local location = headers["location"] or headers["Location"] or ""
  local id = string.match(location, "[?&]sub1=([0-9A-Za-z]+)")
  -- The click ID and when its 302 came (ms since the epoch): the postback is due a fixed delay later.
  if id then out:write(id, " ", string.format("%.0f", now_ms()), "\n") end
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
