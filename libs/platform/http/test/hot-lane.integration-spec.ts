import { connect, type AddressInfo, type Socket } from 'node:net';
import fc from 'fast-check';
import { eventually } from '@clickledger/testing';
import { installRawRoute, type HttpServiceApp, type RawAnswer, type RawExchange } from '../src';
import { createTestApp } from './fixtures/create-test-app';
import { LogCapture } from './fixtures/log-capture';

/**
 * The hot lane (src/app/hot-lane.ts) on real sockets: the same app served with the lane and
 * without it (HTTP_HOT_LANE=false, node:http reads every request) must write the same bytes for
 * any request bytes, pipelined and cut anywhere; the Date and correlation-id values aside (the
 * route says whether it saw the id the client sent).
 */
describe('hot lane (plain requests of raw routes read on the socket)', () => {
  const logs = new LogCapture();
  let lane: HttpServiceApp;
  let plain: HttpServiceApp;
  let lanePort: number;
  let plainPort: number;
  /** node:http's request events on the lane app: a request the lane answers raises none. */
  let nodeRequests = 0;
  /** Requests the route has begun to answer, on either app. */
  let begun = 0;

  /** Echoes what the route read, answered at once, after a microtask or after a timer. */
  const answerFor = (exchange: RawExchange, name: string): RawAnswer => {
    const { request } = exchange;
    if (name === 'boom') throw new Error('failed on purpose');
    if (name === 'refused') return { statusCode: 302, headers: { location: 'https://例え.jp/o' } };
    if (name === 'redirect')
      return { statusCode: 302, headers: ['location', `https://offers.example${request.url ?? ''}`] };
    return {
      statusCode: name === 'missing' ? 404 : 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-echo': ['a', 'b'] },
      body: JSON.stringify({
        method: request.method,
        url: request.url,
        userAgent: request.headers['user-agent'] ?? null,
        forwardedFor: request.headers['x-forwarded-for'] ?? null,
        referrer: request.headers.referer ?? null,
        probe: request.headers['x-probe'] ?? null,
        sentId: exchange.correlationId === request.headers['x-correlation-id'],
        remote: request.socket.remoteAddress,
        text: 'é ✓',
      }),
    };
  };

  const configure = (app: HttpServiceApp): void => {
    installRawRoute(app, {
      method: 'GET',
      url: '/hot/:name',
      accepts: (request) =>
        (request.method === 'GET' || request.method === 'HEAD') &&
        /^\/hot\/[a-z]+(\?|$)/.test(request.url ?? ''),
      answer: (exchange, routed) => {
        begun += 1;
        const name = routed
          ? (routed.params as { name: string }).name
          : (/^\/hot\/([a-z]+)/.exec(exchange.request.url ?? '')?.[1] ?? '');
        const reply = (): void => {
          try {
            exchange.reply(answerFor(exchange, name));
          } catch (error) {
            exchange.fail(error);
          }
        };
        if (name === 'now') reply();
        else if (name === 'later' || name === 'redirect') setTimeout(reply, 5);
        else queueMicrotask(reply);
      },
    });
  };

  beforeAll(async () => {
    lane = await createTestApp(logs, { name: 'hot-lane-test', defaultPort: 18091, configure });
    plain = await createTestApp(logs, {
      name: 'hot-lane-test',
      defaultPort: 18092,
      configure,
      env: { HTTP_HOT_LANE: 'false' },
    });
    await lane.listen(0, '127.0.0.1');
    await plain.listen(0, '127.0.0.1');
    lanePort = portOf(lane);
    plainPort = portOf(plain);
    lane.getHttpServer().on('request', () => {
      nodeRequests += 1;
    });
  });

  afterAll(async () => {
    await Promise.all([lane.close(), plain.close()]);
  });

  it('answers a plain keep-alive GET on the lane, and leaves a Connection: close one to node:http', async () => {
    const before = nodeRequests;
    const keepAlive = await exchange(lanePort, [get('/hot/now', 'connection: keep-alive\r\n')], ['GET']);
    expect(keepAlive).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(nodeRequests).toBe(before);
    const closing = await exchange(lanePort, [get('/hot/now', 'connection: close\r\n')], ['GET']);
    expect(closing).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(nodeRequests).toBe(before + 1);
  });

  it('answers pipelined requests in order, then hands the connection to node:http mid-way', async () => {
    const requests = [get('/hot/later'), get('/hot/now'), get('/health/live'), get('/hot/redirect')];
    const methods = ['GET', 'GET', 'GET', 'GET'];
    const answers = await exchange(lanePort, [requests.join('')], methods);
    const statuses = [...answers.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1]);
    expect(statuses).toEqual(['200', '200', '200', '302']);
    expect(answers.indexOf('"url":"/hot/later"')).toBeLessThan(answers.indexOf('"url":"/hot/now"'));
    expect(normalise(answers)).toBe(normalise(await exchange(plainPort, [requests.join('')], methods)));
  });

  it('writes no body for HEAD, with the length GET would have', async () => {
    const head = await exchange(lanePort, [`HEAD /hot/now HTTP/1.1\r\nhost: x\r\n\r\n`], ['HEAD']);
    const length = /content-length: (\d+)/.exec(head)?.[1];
    expect(Number(length)).toBeGreaterThan(0);
    expect(head.endsWith('\r\n\r\n')).toBe(true);
    expect(normalise(head)).toBe(
      normalise(await exchange(plainPort, [`HEAD /hot/now HTTP/1.1\r\nhost: x\r\n\r\n`], ['HEAD'])),
    );
  });

  it('writes what node:http writes for any one request, its bytes cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest, fc.array(fc.nat(), { maxLength: 3 }), async (request, cuts) => {
        const chunks = cutAt(request.text, cuts);
        const [fromLane, fromPlain] = await Promise.all([
          exchange(lanePort, chunks, [request.method]),
          exchange(plainPort, chunks, [request.method]),
        ]);
        expect(normalise(fromLane)).toBe(normalise(fromPlain));
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  // Pipelined requests node:http reads without error: it answers them in order, however they
  // arrive. (After a request it refuses, node:http writes its 400 ahead of answers still due, so
  // what comes depends on when bytes arrive; the example below pins what the lane does then.)
  it('writes what node:http writes for any pipelined requests, plain or not, cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(wellFormedRequest, { minLength: 2, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (requests, cuts) => {
          // A client sends nothing after a request that closes the connection (RFC 9112 §9.6).
          const texts = requests.map((r, i) => (i === requests.length - 1 ? r.text : r.keptAlive));
          const chunks = cutAt(texts.join(''), cuts);
          const methods = requests.map((r) => r.method);
          const [fromLane, fromPlain] = await Promise.all([
            exchange(lanePort, chunks, methods),
            exchange(plainPort, chunks, methods),
          ]);
          expect(normalise(fromLane)).toBe(normalise(fromPlain));
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('survives clients that reset their connection before or after their answer', async () => {
    for (const path of ['/hot/later', '/hot/now']) {
      const { socket } = await openConnection(lanePort);
      const before = begun;
      socket.write(get(path));
      await eventually(() => {
        expect(begun).toBe(before + 1);
      });
      socket.resetAndDestroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await exchange(lanePort, [get('/hot/now')], ['GET'])).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('closes a lane connection left idle for the keep-alive timeout', async () => {
    const idle = await createTestApp(logs, {
      name: 'hot-lane-idle',
      defaultPort: 18094,
      configure,
      env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' },
    });
    await idle.listen(0, '127.0.0.1');
    try {
      const { socket, received } = await openConnection(portOf(idle));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(get('/hot/now'));
      await eventually(() => {
        expect(received()).toContain('"url":"/hot/now"');
      });
      const answered = Date.now();
      await closed;
      const after = Date.now() - answered;
      expect(after).toBeGreaterThanOrEqual(900);
      expect(after).toBeLessThan(2500);
      expect(received()).toContain('Keep-Alive: timeout=1\r\n');
    } finally {
      await idle.close();
    }
  });

  it('lets the app close: an answer in flight goes out, then its lane connection ends', async () => {
    const closing = await createTestApp(logs, { name: 'hot-lane-close', defaultPort: 18093, configure });
    await closing.listen(0, '127.0.0.1');
    const { socket, received } = await openConnection(portOf(closing));
    const ended = new Promise((resolve) => socket.once('end', resolve));
    socket.write(get('/hot/now'));
    await eventually(() => {
      expect(received()).toContain('"url":"/hot/now"');
    });
    const before = begun;
    socket.write(get('/hot/later'));
    await eventually(() => {
      expect(begun).toBe(before + 1);
    });
    const started = Date.now();
    await Promise.all([closing.close(), ended]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(received()).toContain('"url":"/hot/later"');
    socket.destroy();
  });

  it('writes its own answers first when node:http refuses a later request, then node:http’s 400', async () => {
    const refused = 'GET /hot/now HTTP/1.1\r\nhost: x\r\ntransfer-encoding: nonsense\r\n\r\n';
    const answers = await exchange(lanePort, [get('/hot/later') + refused], ['GET', 'GET', 'GET']);
    const statuses = [...answers.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1]);
    expect(statuses[0]).toBe('200');
    expect(answers).toContain('"url":"/hot/later"');
    expect(statuses.at(-1)).toBe('400');
  });
});

const portOf = (app: HttpServiceApp): number => (app.getHttpServer().address() as AddressInfo).port;

/** A new connection to `port`, once connected; `received()` is what has come on it (latin1). */
async function openConnection(port: number): Promise<{ socket: Socket; received: () => string }> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received: () => received };
}

const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${extra}\r\n`;

/** Date and correlation-id values differ by the second and by the id each server drew. */
const normalise = (answers: string): string =>
  answers
    .replace(/\r\nDate: [^\r]*/g, '\r\nDate: *')
    .replace(/\r\nx-correlation-id: [^\r]*/g, '\r\nx-correlation-id: *');

function cutAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const point of points) {
    chunks.push(text.slice(last, point));
    last = point;
  }
  chunks.push(text.slice(last));
  return chunks.filter((chunk) => chunk.length > 0);
}

/**
 * Writes `chunks` (latin1, a turn apart) on a new connection and reads until an answer to each of `methods` has
 * come (each framed by its Content-Length; no body after a HEAD), the server closes, or
 * nothing has come for 300 ms. What came, as latin1.
 */
function exchange(port: number, chunks: readonly string[], methods: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let quiet: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(quiet);
      socket.destroy();
      resolve(received);
    };
    const arm = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(finish, 300);
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (completeAnswers(received, methods) >= methods.length) finish();
      else arm();
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish();
      else reject(error);
    });
    socket.on('connect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return;
          socket.write(chunk, 'latin1');
          await new Promise((next) => setImmediate(next));
        }
        arm();
      })();
    });
  });
}

/** How many whole answers `text` holds; `methods` are the requests' (a HEAD's answer has no body). */
function completeAnswers(text: string, methods: readonly string[]): number {
  let count = 0;
  let at = 0;
  for (;;) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end < 0) return count;
    const head = text.slice(at, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    const bodyBytes = methods[count] === 'HEAD' || length === null ? 0 : Number(length[1]);
    if (Buffer.byteLength(text.slice(end + 4), 'latin1') < bodyBytes) return count;
    at = end + 4 + bodyBytes;
    count += 1;
  }
}

const HEADER_NAMES = [
  'host',
  'Host',
  'user-agent',
  'User-Agent',
  'x-forwarded-for',
  'referer',
  'x-probe',
  'x-correlation-id',
  'connection',
  'content-length',
  'transfer-encoding',
  'expect',
  'x-a b',
  'x(y)',
  '',
];
const VALUE_CHARS = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...'abcXYZ019 .,;=/-_~:'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('\t', ' ', 'é', 'ÿ', '\u0080') },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u0001', '\u007f', '\r', '\n') },
);
const value = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: VALUE_CHARS, maxLength: 24 }) },
  { weight: 2, arbitrary: fc.constantFrom('keep-alive', 'close', 'Keep-Alive', '0', '5', 'chunked') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('203.0.113.7', '198.51.100.1, 203.0.113.9', 'bench-correlation-0001'),
  },
);
const header = fc
  .tuple(fc.constantFrom(...HEADER_NAMES), value, fc.constantFrom(': ', ':', ':  ', ' : ', ':\t'))
  .map(([name, text, colon]) => `${name}${colon}${text}\r\n`);
const PATHS = [
  '/hot/now',
  '/hot/later',
  '/hot/redirect',
  '/hot/missing',
  '/hot/boom',
  '/hot/refused',
  '/hot/Now',
  '/health/live',
  '/nope',
];
const QUERY_CHARS = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...'abc123=&%+._~-'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom(' ', 'é', '\u0001', '"', '<', '\u007f') },
);
/** Any request line and headers: methods, versions, names and values node:http refuses too. */
const anyRequest = fc
  .record({
    method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'get', 'OPTIONS'),
    path: fc.constantFrom(...PATHS),
    query: fc.option(fc.string({ unit: QUERY_CHARS, maxLength: 20 }), { nil: undefined }),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0'),
    host: fc.constantFrom(true, true, true, true, true, true, true, true, true, false),
    headers: fc.array(header, { maxLength: 5 }),
  })
  .map(({ method, path, query, version, host, headers }) => ({
    method,
    text: `${method} ${path}${query === undefined ? '' : `?${query}`} ${version}\r\n${host ? 'host: 127.0.0.1\r\n' : ''}${headers.join('')}\r\n`,
  }));

/**
 * Requests node:http reads without error, the lane's and others: HEAD, POST and OPTIONS without a
 * body, HTTP/1.0, Connection: close, a name twice, names in any case, values with tabs and
 * latin1 letters.
 */
const wellFormedHeader = fc
  .tuple(
    fc.constantFrom(
      'User-Agent',
      'user-agent',
      'x-forwarded-for',
      'Referer',
      'x-probe',
      'x-correlation-id',
      'accept',
      'Connection',
      'content-length',
    ),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019 .,;=/-_~:\té'.split('')), maxLength: 16 }),
  )
  .map(([name, text]) => {
    if (name === 'Connection') return `Connection: ${text.length % 2 === 0 ? 'keep-alive' : 'close'}\r\n`;
    if (name === 'content-length') return 'content-length: 0\r\n';
    return `${name}: ${text}\r\n`;
  });
const wellFormedRequest = fc
  .record({
    method: fc.constantFrom('GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'OPTIONS'),
    path: fc.constantFrom(...PATHS),
    query: fc.option(fc.string({ unit: fc.constantFrom(...'abc123=&%+._~-"<>'.split('')), maxLength: 20 }), {
      nil: undefined,
    }),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'),
    headers: fc.array(wellFormedHeader, { maxLength: 4 }),
  })
  .map(({ method, path, query, version, headers }) => {
    const target = `${method} ${path}${query === undefined ? '' : `?${query}`}`;
    // Content-Length twice is an error node:http answers 400 (then the answers depend on timing).
    const once = headers.filter(
      (line, i) => !line.startsWith('content-length') || headers.indexOf(line) === i,
    );
    const lines = `host: 127.0.0.1\r\n${once.join('')}\r\n`;
    return {
      method,
      text: `${target} ${version}\r\n${lines}`,
      /** The same request keeping the connection open (HTTP/1.1, no Connection: close). */
      keptAlive: `${target} HTTP/1.1\r\n${lines.replaceAll('Connection: close', 'Connection: keep-alive')}`,
    };
  });
