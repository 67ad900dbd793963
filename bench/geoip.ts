/**
 * The click path's per-request enrichment on one core: GeoIP country lookups (the bundled DB-IP
 * database, or GEOIP_DATABASE_FILE) over addresses spread across the IPv4 space and some IPv6,
 * and the start cost (reading the file). Plain loops timed with process.hrtime after a warm-up.
 *   npm run bench -- geoip
 */
import { isbot } from 'isbot';
import { bundledGeoIpFile, GeoIpLookup } from '../services/click/src/clicks/geoip';

const RUN_NS = 3_000_000_000n;
const WARMUP_ITERATIONS = 100_000;
const BATCH = 10_000;
const ADDRESSES = 65_536;

let sink = 0;

function measure(name: string, operation: (i: number) => number): void {
  for (let i = 0; i < WARMUP_ITERATIONS; i++) sink += operation(i);
  const start = process.hrtime.bigint();
  let iterations = 0;
  let elapsed = 0n;
  while (elapsed < RUN_NS) {
    for (let i = 0; i < BATCH; i++) sink += operation(iterations + i);
    iterations += BATCH;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSecond = (iterations * 1e9) / Number(elapsed);
  const nsEach = Number(elapsed) / iterations;
  console.log(
    `${name.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s  ${nsEach.toFixed(0).padStart(6)} ns each`,
  );
}

function main(): void {
  const file = process.env.GEOIP_DATABASE_FILE ?? bundledGeoIpFile();
  const loadStart = process.hrtime.bigint();
  const heapBefore = process.memoryUsage().arrayBuffers;
  const geo = new GeoIpLookup(file);
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const heapMb = (process.memoryUsage().arrayBuffers - heapBefore) / 2 ** 20;
  console.log(`GeoIP database: ${file}`);
  console.log(`  ${geo.description}; loaded in ${loadMs.toFixed(0)} ms, ${heapMb.toFixed(1)} MiB in memory`);

  const v4: string[] = [];
  for (let n = 0; n < ADDRESSES; n++) {
    const x = (Math.imul(n + 1, 2654435761) >>> 0) % 0xdf000000;
    v4.push([x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.'));
  }
  const v6 = v4
    .slice(0, 4096)
    .map((ip, n) => `2a0${String(n % 10)}:${(n * 7919).toString(16)}::${ip.split('.')[3] ?? '1'}`);
  const known = v4.filter((ip) => geo.country(ip) !== null).length;
  console.log(`  ${String(known)} of ${String(v4.length)} spread IPv4 addresses have a country`);

  measure('GeoIP lookup, IPv4 (spread)', (i) => geo.country(v4[i & (ADDRESSES - 1)] ?? '')?.length ?? 0);
  measure('GeoIP lookup, IPv6', (i) => geo.country(v6[i & 4095] ?? '')?.length ?? 0);
  const agents = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  ];
  // The click service caches per User-Agent; this is the uncached cost, paid once per new agent.
  measure('isbot (uncached)', (i) => (isbot(agents[i & 1] ?? '') ? 1 : 0));
  if (sink < 0) console.log(sink);
}

main();
