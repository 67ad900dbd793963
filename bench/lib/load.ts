import { request, Agent } from 'node:http';

export interface LoadOptions {
  readonly port: number;
  readonly method?: 'GET' | 'HEAD';
  /** Called per request: the path (with query) to ask for. */
  readonly path: (sequence: number) => string;
  /** Called per request: extra request headers (e.g. a varying X-Forwarded-For). */
  readonly headers?: (sequence: number) => Record<string, string>;
  readonly concurrency: number;
  readonly durationMs: number;
  /** Called per answer, e.g. to keep the ids of accepted postbacks. */
  readonly onAnswer?: (
    status: number,
    body: string,
    headers: Record<string, string | string[] | undefined>,
  ) => void;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly statusCounts: Record<number, number>;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * A closed-loop HTTP load generator: `concurrency` keep-alive connections, each sending its next
 * request as soon as the previous answer is read, for `durationMs`. Latency per request is
 * measured from send to the end of the answer.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const statusCounts: Record<number, number> = {};
  let errors = 0;
  let sequence = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + options.durationMs;

  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const sent = process.hrtime.bigint();
      const current = sequence++;
      const req = request(
        {
          host: '127.0.0.1',
          port: options.port,
          method: options.method ?? 'GET',
          path: options.path(current),
          headers: options.headers?.(current),
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
            const status = res.statusCode ?? 0;
            statusCounts[status] = (statusCounts[status] ?? 0) + 1;
            options.onAnswer?.(status, Buffer.concat(chunks).toString('utf8'), res.headers);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });

  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) await one();
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    statusCounts,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? 0,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export function formatRow(label: string, result: LoadResult): string {
  return [
    label.padEnd(28),
    `${Math.round(result.perSecond).toString().padStart(8)} req/s`,
    `p50 ${result.p50Ms.toFixed(2).padStart(7)} ms`,
    `p99 ${result.p99Ms.toFixed(2).padStart(7)} ms`,
    `max ${result.maxMs.toFixed(1).padStart(7)} ms`,
    `${String(result.requests).padStart(8)} requests`,
    `statuses ${JSON.stringify(result.statusCounts)}`,
    `errors ${String(result.errors)}`,
  ].join('  ');
}

/** One second of warm-up (JIT, connections), then the measured run. */
export async function warmedLoad(options: LoadOptions): Promise<LoadResult> {
  await runLoad({ ...options, durationMs: 1000, onAnswer: undefined });
  return runLoad(options);
}
