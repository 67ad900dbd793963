import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { createHttpApp, type HttpServiceApp } from '../src';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const quiet = new Writable({
  write: (_chunk, _encoding, done) => {
    done();
  },
});

interface Outcome {
  readonly received: string;
  readonly closedAfterMs: number;
}

/**
 * Opens a connection, sends `head`, then one byte of `trickle` every `everyMs` until the server
 * closes the connection (or the bytes run out): what a slow client attack looks like.
 */
function trickle(port: number, head: string, trickled: string, everyMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let at = 0;
    socket.on('data', (chunk) => chunks.push(Buffer.from(chunk)));
    socket.on('error', () => undefined);
    const timer = setInterval(() => {
      if (at < trickled.length && !socket.destroyed) socket.write(trickled[at++] ?? '');
    }, everyMs);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ received: Buffer.concat(chunks).toString('utf8'), closedAfterMs: Date.now() - started });
    });
    socket.write(head);
  });
}

/** CONTRACT §8, issue 12 item 6: a client trickling bytes cannot hold a connection of any service. */
describe('HTTP connection limits (every service, from HttpEnv)', () => {
  let app: HttpServiceApp;
  let port: number;

  beforeAll(async () => {
    app = await createHttpApp({
      name: 'limits-test',
      module: EchoModule,
      defaultPort: 18081,
      env: {
        LOG_LEVEL: 'warn',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_MAX_CONNECTIONS: '3',
      },
      logDestination: quiet,
    });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await app.close();
  });

  it('cuts a client that trickles its body one byte at a time (requestTimeout): 408, then closed', async () => {
    const head = 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n';
    // 1 byte per 300 ms would take a minute; the bound is 2 s (checked every 100 ms).
    const outcome = await trickle(port, head, 'x'.repeat(200), 300);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.received).toContain('"code":"http.request-timeout"');
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(1800);
    expect(outcome.closedAfterMs).toBeLessThan(5000);
  });

  it('cuts a client that trickles its headers (headersTimeout)', async () => {
    const outcome = await trickle(
      port,
      'GET /health/live HTTP/1.1\r\nHost: t\r\n',
      'X-Slow: abcdefghijklmnopqrstuvwxyz',
      200,
    );
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.closedAfterMs).toBeLessThan(3500);
  });

  it('answers 431 in the error shape for oversized headers', async () => {
    const outcome = await trickle(
      port,
      `GET / HTTP/1.1\r\nHost: t\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`,
      '',
      1000,
    );
    expect(outcome.received).toMatch(/^HTTP\/1\.1 431 /);
    expect(outcome.received).toContain('"code":"http.headers-too-large"');
  });

  it('caps open connections (HTTP_MAX_CONNECTIONS): the connection past the cap is closed at once', async () => {
    const open = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => {
              resolve(socket);
            });
            socket.on('error', () => undefined);
          }),
      ),
    );
    const extra = await trickle(port, 'GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n', '', 1000);
    expect(extra.received).toBe('');
    expect(extra.closedAfterMs).toBeLessThan(1000);
    for (const socket of open) socket.destroy();
  });

  it('still serves a normal request', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ a: 1 });
  });
});

/** Sends a request on an open keep-alive socket and resolves with the answer's first line. */
function ask(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk: Buffer) => {
      resolve(chunk.toString('utf8').split('\r\n')[0] ?? '');
    });
    socket.write('GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n');
  });
}

/** HTTP_CONNECTION_TIMEOUT_MS: a connection that moves no byte is closed, one that talks is not. */
describe('HTTP idle connections (HTTP_CONNECTION_TIMEOUT_MS)', () => {
  let app: HttpServiceApp;
  let port: number;

  beforeAll(async () => {
    app = await createHttpApp({
      name: 'idle-test',
      module: EchoModule,
      defaultPort: 18082,
      // Keep-alive far longer than the bound: only the idle sweep can close these sockets.
      env: { LOG_LEVEL: 'warn', HTTP_CONNECTION_TIMEOUT_MS: '1000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000' },
      logDestination: quiet,
    });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await app.close();
  });

  const open = (): Promise<{ socket: Socket; closed: Promise<number> }> =>
    new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1', () => {
        resolve({
          socket,
          closed: new Promise((done) =>
            socket.once('close', () => {
              done(Date.now() - started);
            }),
          ),
        });
      });
      socket.on('error', () => undefined);
    });

  it('closes a keep-alive connection silent for the bound, between 1 and 1.25 bounds after its last byte', async () => {
    const { socket, closed } = await open();
    expect(await ask(socket)).toBe('HTTP/1.1 404 Not Found');
    const answeredAt = Date.now();
    await closed;
    const silentFor = Date.now() - answeredAt;
    expect(silentFor).toBeGreaterThanOrEqual(950);
    expect(silentFor).toBeLessThan(1250 + 250 + 500); // + one sweep's lateness, + the box's
  });

  it('closes a connection that never sends a byte', async () => {
    const { closed } = await open();
    const after = await closed;
    expect(after).toBeGreaterThanOrEqual(950);
    expect(after).toBeLessThan(2000);
  });

  it('keeps a connection that keeps talking, however long it lives', async () => {
    const { socket } = await open();
    let closedEarly = false;
    socket.once('close', () => {
      closedEarly = true;
    });
    for (let i = 0; i < 8; i++) {
      expect(await ask(socket)).toBe('HTTP/1.1 404 Not Found');
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(closedEarly).toBe(false); // 3.2 s, three times the bound
    socket.destroy();
  });
});
