import { parseBenchArgs } from './options';

/** The e2e harness's command line (bench/README.md). */
const options = parseBenchArgs(
  'npm run bench -- e2e [--duration 60s] [--rate 100] [--target N] [--concurrency 128] [--cycles 1] ' +
    '[--redis-hang 10s] [--fuzz] [--seed N] [--kafka-port 19892] [--drain-timeout 10m] [--keep]',
  {
    duration: { type: 'string' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    target: { type: 'string' },
    concurrency: { type: 'string', default: '128' },
    fuzz: { type: 'boolean', default: false },
    seed: { type: 'string' },
    cycles: { type: 'string', default: '1' },
    'redis-hang': { type: 'string', default: '10s' },
    'kafka-port': { type: 'string', default: '19892' },
    'drain-timeout': { type: 'string', default: '10m' },
    keep: { type: 'boolean', default: false },
  },
);

/** `90`, `90s`, `20m`, `1h` → milliseconds. */
function durationMs(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`--${name}: not a duration: ${text} (e.g. 90s, 20m)`);
  const [, amount, suffix] = match as unknown as [string, string, string | undefined];
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return Math.round(Number(amount) * (units[suffix ?? 's'] ?? 1000));
}
function positive(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: must be a positive number`);
  return value;
}

export const SPAN_MS = durationMs(options.duration ?? options.seconds ?? '60s', 'duration');
export const TARGET = positive(options.target, 'target');
/** Postbacks per visit: one, and a second copy every 10th visit. */
export const POSTBACKS_PER_VISIT = 1.1;
export const RATE = TARGET
  ? TARGET / POSTBACKS_PER_VISIT / (SPAN_MS / 1000)
  : (positive(options.rate, 'rate') ?? 100);
export const CONCURRENCY = positive(options.concurrency, 'concurrency') ?? 128;
export const FUZZ = options.fuzz;
export const SEED = Number(options.seed ?? Math.floor(Math.random() * 2 ** 31));
export const CYCLES = positive(options.cycles, 'cycles') ?? 1;
export const REDIS_HANG_MS = durationMs(options['redis-hang'], 'redis-hang');
export const KAFKA_PORT = Number(options['kafka-port']);
export const DRAIN_TIMEOUT_MS = durationMs(options['drain-timeout'], 'drain-timeout');
export const KEEP = options.keep;

if (KAFKA_PORT === 9092)
  throw new Error('--kafka-port 9092 is the development stack’s broker; the harness restarts its own');
