import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../../..');
/** The preload that maps `@clickledger/*` to a checkout's build. */
const registerPaths = (root: string): string => join(root, 'infra/node/register-paths.js');

// A bench that fails half-way must not leave services behind: whatever it started dies with it.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly port: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Node flags for the services a bench starts, e.g. `BENCH_SERVICE_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"` to profile them (NODE_OPTIONS refuses --cpu-prof).
 */
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * Starts a built service (`dist/services/<name>/src/main.js`) and waits for /health/ready; from
 * another checkout's build when `root` is given (a bench comparing two builds in one run).
 */
export async function startService(
  name: string,
  env: Record<string, string>,
  fixedPort?: number,
  root: string = ROOT,
): Promise<RunningProcess> {
  const port = fixedPort ?? (await freePort());
  const child = track(
    spawn(
      process.execPath,
      [...SERVICE_NODE_ARGS, '-r', registerPaths(root), join(root, `dist/services/${name}/src/main.js`)],
      {
        env: { ...process.env, LOG_LEVEL: 'warn', ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  await waitForReady(port, child, name);
  return running(child, port);
}

/** The baseline: a bare Node `http` server in its own process answering like the service does. */
export async function startBareServer(kind: 'redirect' | 'json'): Promise<RunningProcess> {
  const port = await freePort();
  const answer =
    kind === 'redirect'
      ? `res.writeHead(302, { location: 'https://offers.example/o?id=7&s2=01JD3ABCDEFGHJKMNPQRSTVWXY', 'cache-control': 'no-store' }); res.end();`
      : `res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ status: 'accepted', id: require('node:crypto').randomUUID() }));`;
  const script = `require('node:http').createServer((req, res) => { if (req.url.startsWith('/health')) { res.end('ok'); return; } ${answer} }).listen(${String(port)}, '127.0.0.1');`;
  const child = track(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] }));
  await waitForReady(port, child, 'bare http server', '/health');
  return running(child, port);
}

/**
 * The floor under any HTTP server in Node (bench/raw-socket-server.ts): a `node:net` server writing
 * the bare server's 302, byte for byte, for every request. The http-floor bench only.
 */
export async function startRawSocketServer(): Promise<RunningProcess> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [join(ROOT, 'dist/bench/raw-socket-server.js'), '--port', String(port)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  await waitForReady(port, child, 'raw socket server', '/health');
  return running(child, port);
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function running(child: ChildProcess, port: number): RunningProcess {
  return {
    child,
    port,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

async function waitForReady(
  port: number,
  child: ChildProcess,
  name: string,
  path = '/health/ready',
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${String(child.exitCode)} during start`);
    try {
      const response = await fetch(`http://127.0.0.1:${String(port)}${path}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not ready within 60 s`);
}

/**
 * The reference (bench/reference-server.ts) in its own process: answers only once kafkajs has
 * acknowledged the event, written to `topic` (a bench topic, never one the services read).
 */
export async function startReferenceServer(
  kind: 'redirect' | 'json',
  topic: string,
  brokers: readonly string[],
): Promise<RunningProcess> {
  const port = await freePort();
  const child = track(
    spawn(
      process.execPath,
      [
        ...SERVICE_NODE_ARGS,
        '-r',
        registerPaths(ROOT),
        join(ROOT, 'dist/bench/reference-server.js'),
        '--kind',
        kind,
        '--port',
        String(port),
        '--topic',
        topic,
      ],
      { env: { ...process.env, KAFKA_BROKERS: brokers.join(',') }, stdio: ['ignore', 'ignore', 'inherit'] },
    ),
  );
  await waitForReady(port, child, 'reference server', '/health');
  return running(child, port);
}
