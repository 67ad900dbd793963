/**
 * What `node:http` itself costs per request: the bare `node:http` server of the click bench (its
 * 302, no Kafka) against a `node:net` server that writes the same answer's bytes for every request
 * (bench/raw-socket-server.ts), loaded by wrk from its own process, in turns. The difference in
 * CPU per request is node:http's own work (the request and response objects and their streams,
 * header objects, the answer's head built per request): the most any HTTP front of our own could
 * save the click service and the ingress, both of which answer their hot routes through node:http
 * (docs/slo.md). No Kafka, Postgres or Redis is needed.
 *   npm run bench -- http-floor [--seconds 10] [--rounds 5] [--warm-up 5] [--connections 64] [--threads 1] [--verbose]
 */
import { startBareServer, startRawSocketServer } from './lib/processes';
import { measureInTurns, parseWrkOptions, printTable, requireWrk } from './lib/wrk';

const OPTIONS = parseWrkOptions(
  'npm run bench -- http-floor [--seconds 10] [--rounds 5] [--warm-up 5] [--connections 64] [--threads 1] [--verbose]',
);
const RUN = `f${Date.now().toString(36)}`;
const BARE = 'bare node:http (302)';
const RAW = 'node:net, same bytes (302)';

async function main(): Promise<void> {
  requireWrk();
  const [bare, raw] = await Promise.all([startBareServer('redirect'), startRawSocketServer()]);
  try {
    console.log(
      `http-floor: wrk -t${String(OPTIONS.threads)} -c${String(OPTIONS.connections)}, ${String(OPTIONS.seconds)} s per target in ${String(OPTIONS.rounds)} turns (after ${String(OPTIONS.warmUpSeconds)} s of warm-up each)`,
    );
    const target = (port: number, pid: number | undefined, tag: string) => ({
      port,
      pid,
      mode: 'click' as const,
      tag: `${RUN}${tag}`,
      arg: 'floor',
    });
    const results = await measureInTurns(
      [
        { label: BARE, target: target(bare.port, bare.child.pid, 'b') },
        { label: RAW, target: target(raw.port, raw.child.pid, 'r') },
      ],
      OPTIONS,
    );
    const bareResult = results.get(BARE);
    const rawResult = results.get(RAW);
    if (!bareResult || !rawResult) throw new Error('a target was not measured');
    printTable(
      [
        [BARE, bareResult],
        [RAW, rawResult],
      ],
      bareResult,
    );
    const bareCpu = bareResult.serverCpuUsPerRequest;
    const rawCpu = rawResult.serverCpuUsPerRequest;
    if (bareCpu !== undefined && rawCpu !== undefined)
      console.log(
        `node:http's own work: ${(bareCpu - rawCpu).toFixed(1)} µs of CPU per request (${bareCpu.toFixed(1)} against ${rawCpu.toFixed(1)})`,
      );
  } finally {
    await Promise.all([bare.stop(), raw.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
