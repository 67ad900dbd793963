import type { LookupFunction } from 'node:net';
import { eventually } from '@clickledger/testing';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { PostbackSender } from '../src/sending/postback-sender';
import { SourcePostbacksHarness } from './source-postbacks-harness';
import { TrafficSourceSink } from './traffic-source-sink';

const options = { connectTimeoutMs: 500, timeoutMs: 1000, excerptBytes: 1024, maxSocketsPerHost: 2 };

/** A resolver that answers from a table and records the names asked. */
function fakeDns(table: Record<string, string>, asked: string[]): LookupFunction {
  return (hostname, _options, callback) => {
    asked.push(hostname);
    const address = table[hostname];
    if (!address) callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    else callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  };
}

describe('SSRF guard: destinations must be public unless SOURCE_POSTBACK_ALLOW_PRIVATE=true', () => {
  const sink = new TrafficSourceSink();

  beforeAll(async () => {
    await sink.start();
  });

  afterAll(async () => {
    await sink.stop();
  });

  // Refused before any connection: an IP literal is checked before the request is made, a name in
  // the agent's lookup (the address connected to). Nothing here ever connects to 10.x or 169.254.x.
  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://10.0.0.1/pb', '10.0.0.1'],
    ['http://[::1]:9/pb', '::1'],
    ['http://[::ffff:169.254.169.254]/pb', '::ffff:a9fe:a9fe'],
    ['http://0.0.0.0:9/pb', '0.0.0.0'],
  ])('refuses %s', async (url, address) => {
    const sender = new PostbackSender({ ...options, allowPrivate: false });
    try {
      const result = await sender.send({ method: 'GET', url });
      expect(result).toMatchObject({ failure: 'refused', statusCode: null });
      expect(result.error).toContain(address);
      // Refused before any I/O: well under the 500 ms connect timeout, even on a busy CI box.
      expect(result.durationMs).toBeLessThan(400);
    } finally {
      sender.close();
    }
  });

  it('refuses a name resolving to loopback (localhost) and sends nothing to it', async () => {
    const sender = new PostbackSender({ ...options, allowPrivate: false });
    try {
      const result = await sender.send({ method: 'GET', url: `http://localhost:${String(sink.port)}/ssrf` });
      expect(result.failure).toBe('refused');
      expect(result.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), not a public address/);
      expect(sink.to('/ssrf')).toHaveLength(0);
    } finally {
      sender.close();
    }
  });

  it('checks the address it connects to: a name that resolves to a private address is refused at connect time', async () => {
    const asked: string[] = [];
    const sender = new PostbackSender({
      ...options,
      allowPrivate: false,
      resolve: fakeDns({ 'rebind.example': '10.0.0.1', 'meta.example': '169.254.169.254' }, asked),
    });
    try {
      for (const host of ['rebind.example', 'meta.example']) {
        const result = await sender.send({ method: 'GET', url: `http://${host}/pb` });
        expect(result.failure).toBe('refused');
        expect(result.error).toContain(`${host} resolves to`);
      }
      expect(asked).toEqual(['rebind.example', 'meta.example']);
    } finally {
      sender.close();
    }
  });

  it('with private destinations allowed, sends to loopback', async () => {
    const sender = new PostbackSender({ ...options, allowPrivate: true });
    try {
      const result = await sender.send({
        method: 'GET',
        url: `http://localhost:${String(sink.port)}/allowed`,
      });
      expect(result.statusCode).toBe(200);
      expect(sink.to('/allowed')).toHaveLength(1);
    } finally {
      sender.close();
    }
  });

  describe('in the service', () => {
    const h = new SourcePostbacksHarness();
    let app: HttpServiceApp;

    beforeAll(async () => {
      await h.setUp();
      app = await h.startApp({ SOURCE_POSTBACK_ALLOW_PRIVATE: 'false' });
    });

    afterAll(async () => {
      await app.close();
      await h.tearDown();
    });

    it('marks a delivery to a private destination failed (final), with the reason, and sends nothing', async () => {
      const catalog = await h.catalog({
        postbackUrl: `http://localhost:${String(sink.port)}/service-ssrf?c={clickid}`,
      });
      const event = h.conversion(catalog);
      await h.publish([event]);
      await eventually(
        async () => {
          const [row] = await h.deliveriesOf(event.conversionId);
          expect(row).toMatchObject({ outcome: 'failed', nextAttemptAt: null });
          expect(row.lastError).toContain('not a public address');
        },
        { timeoutMs: 20_000 },
      );
      expect(sink.to('/service-ssrf')).toHaveLength(0);
    });
  });
});
