import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';

/**
 * A throwaway `redis-server` of a test's own, on its own port, in memory only, that the test may
 * hang (SIGSTOP: the socket stays open and nothing answers, as a stuck server does) and resume.
 * The shared Redis is used by every other suite and must stay healthy.
 */
export class LocalRedis {
  readonly url: string;
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {
    this.url = `redis://127.0.0.1:${String(port)}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${String(this.port)} exited`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${String(this.port)} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  hang(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGCONT');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => {
      done(false);
    });
    socket.once('error', () => {
      done(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      done(data.toString().startsWith('+PONG'));
    });
  });
}
