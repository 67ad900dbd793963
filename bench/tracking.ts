/**
 * Throughput of the pure tracking domain on one core: click IDs generated and verified, offer URLs
 * rendered and postbacks parsed per second. Plain loops timed with process.hrtime after a warm-up.
 */
import { ClickIdCodec, compileOfferUrl, parsePostback } from '@clickledger/tracking';

const RUN_NS = 3_000_000_000n;
const WARMUP_ITERATIONS = 200_000;
const BATCH = 10_000;

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
  console.log(`${name.padEnd(32)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s`);
}

const codec = new ClickIdCodec(['bench-secret-current-0123456789', 'bench-secret-previous-0123456789']);
const oldCodec = new ClickIdCodec(['bench-secret-previous-0123456789']);
const now = Date.now();
const ids = Array.from({ length: 4096 }, (_, i) => codec.generate(now - i));
const oldIds = Array.from({ length: 4096 }, (_, i) => oldCodec.generate(now - i));
const lowerIds = ids.map((id) => id.toLowerCase());

const compiled = compileOfferUrl(
  'https://network.example/offer?id=7&s2={clickid}&sub3={campaign.id}&zone={var1}&ext={externalid}&c={country}&ts={timestamp}',
);
if (!compiled.ok) throw new Error('bench template does not compile');
const template = compiled.template;

const postbacks = ids.map((cid, i) => ({
  cid,
  payout: `${i % 100}.25`,
  txid: `T-${i}`,
  currency: 'usd',
  status: '1',
}));
const postbackOptions = { codec, nowMs: now + 1000, maxClickAgeMs: 30 * 86_400_000 };

console.log(`tracking bench on ${process.version}, one core, ${Number(RUN_NS / 1_000_000n)} ms per figure`);
measure('click IDs generated', () => codec.generate(now).length);
measure('click IDs verified (newest secret)', (i) => (codec.verify(ids[i & 4095]).ok ? 1 : 0));
measure('click IDs verified (older secret)', (i) => (codec.verify(oldIds[i & 4095]).ok ? 1 : 0));
measure('click IDs verified (lower case)', (i) => (codec.verify(lowerIds[i & 4095]).ok ? 1 : 0));
measure(
  'offer URLs rendered',
  (i) =>
    template.render({
      clickid: ids[i & 4095],
      'campaign.id': 42,
      var1: 'zone 9/a',
      externalid: 'ts-click-123',
      country: 'DE',
      timestamp: 1_700_000_000 + i,
    }).length,
);
measure('postbacks parsed', (i) => (parsePostback(postbacks[i & 4095], postbackOptions).ok ? 1 : 0));
if (sink === 0) console.log('(sink)');
