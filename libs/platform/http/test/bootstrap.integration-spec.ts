import { eventually, testInfrastructure } from '@clickledger/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const MAIN = join(__dirname, 'fixtures/fixture-service.main.ts');

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Runs the fixture service as its own process, the way a container runs main.js. */
function runService(env: Record<string, string>): Run {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', MAIN],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('bootstrapHttpService in a real process', () => {
  it('exits 1 listing every invalid variable before starting anything', async () => {
    const run = runService({ HTTP_PORT: '99999', LOG_LEVEL: 'chatty', REDIS_URL: 'localhost:6379' });
    const [code] = await run.exited;
    expect(code).toBe(1);
    expect(run.stderr()).toContain('fixture-service: Invalid configuration:');
    expect(run.stderr()).toContain('  - HTTP_PORT: must be an integer 1-65535');
    expect(run.stderr()).toContain('  - LOG_LEVEL: must be one of');
    expect(run.stderr()).toContain('  - REDIS_URL: must be a redis:// or rediss:// URL');
    expect(run.stdout()).not.toContain('"msg":"listening"');
  });

  it('listens, logs its configuration with secrets redacted, and shuts down gracefully on SIGTERM', async () => {
    const port = await freePort();
    const redisUrl = new URL(testInfrastructure().redisUrl);
    redisUrl.username = 'default';
    redisUrl.password = 'not-for-logs';
    const run = runService({
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      // Credentials in the URL must not reach the log (Redis itself is not contacted by this fixture).
      REDIS_URL: redisUrl.toString(),
    });
    try {
      const listening = await eventually(
        () => {
          const line = run
            .stdout()
            .split('\n')
            .find((text) => text.includes('"msg":"listening"'));
          expect(line).toBeDefined();
          return JSON.parse(line!) as { config: Record<string, string>; level: string; context: string };
        },
        { timeoutMs: 30_000 },
      );
      expect(listening).toMatchObject({ level: 'info', context: 'Bootstrap' });
      expect(listening.config).toMatchObject({
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        REDIS_KEY_PREFIX: 'cl:',
      });
      expect(listening.config.REDIS_URL).toContain('[redacted]');
      expect(run.stdout()).not.toContain('not-for-logs');

      const unknownRoute = await fetch(`http://127.0.0.1:${port}/nowhere`);
      expect(unknownRoute.status).toBe(404);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);

      run.child.kill('SIGTERM');
      const [code, signal] = await run.exited;
      // Nest closes the app, then re-raises the signal so the exit reflects it.
      expect(code === 0 || signal === 'SIGTERM').toBe(true);
      expect(run.stdout()).toContain('flushed on SIGTERM');
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }
  });
});
