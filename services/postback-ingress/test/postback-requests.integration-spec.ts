import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TOPICS } from '@clickledger/contracts';
import { createKafkaClient, type DurablePublisher } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import {
  collectFromNow,
  eventually,
  testInfrastructure,
  uniqueSuffix,
  type CollectedMessage,
  type KafkaCollector,
} from '@clickledger/testing';
import { ClickIdCodec } from '@clickledger/tracking';
import { REJECTIONS_PUBLISHER } from '../src/postbacks/rejections-publisher';
import { createIngressApp, TEST_SECRETS } from './ingress-app';

/**
 * Regression tests of issue 12 at the ingress (items 1-5): what reaches Kafka, and in what shape
 * each request is answered, whatever its bytes, names, method or content type.
 */
const infra = testInfrastructure();
const codec = new ClickIdCodec(TEST_SECRETS);
const kafka = createKafkaClient({ brokers: infra.kafkaBrokers, clientId: 'ingress-requests-test' });
const RECEIVED = TOPICS.postbacksReceived.name;
const REJECTED = TOPICS.postbacksRejected.name;
const EMOJI = '\u{1F600}';

interface Answer {
  readonly status: string;
  readonly id: string;
  readonly reason?: string;
  readonly message?: string;
}

const dataOf = (message: CollectedMessage): Record<string, unknown> =>
  (message.json as { data: Record<string, unknown> }).data;

describe('postback ingress: every request answered in the contract shape and logged (issue 12)', () => {
  let app: HttpServiceApp;
  let collector: KafkaCollector;
  let port: number;

  beforeAll(async () => {
    collector = await collectFromNow(kafka, [RECEIVED, REJECTED]);
    app = await createIngressApp({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'ingress-requests-spool-')),
    });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await app.close();
    await collector.stop();
  });

  const eventFor = (topic: string, postbackId: string) =>
    eventually(() => {
      const found = collector.messages.find((m) => m.topic === topic && dataOf(m).postbackId === postbackId);
      if (!found) throw new Error(`no ${topic} event for ${postbackId} yet`);
      return found;
    });

  /** The answer is the contract's rejection, and its id names a rejection event with that reason. */
  async function expectLoggedRejection(
    response: { statusCode: number; headers: Record<string, unknown>; body: string },
    statusCode: number,
    reason: string,
  ): Promise<Record<string, unknown>> {
    expect(response.statusCode).toBe(statusCode);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const answer = JSON.parse(response.body) as Answer;
    expect(answer).toMatchObject({ status: 'rejected', reason });
    expect(typeof answer.id).toBe('string');
    const data = dataOf(await eventFor(REJECTED, answer.id));
    expect(data).toMatchObject({ reason, postbackId: answer.id });
    return data;
  }

  it('item 1: cuts by code points and replaces lone surrogates, in query, form, JSON and text bodies', async () => {
    const clickId = codec.generate();
    const note = `${'x'.repeat(511)}${EMOJI}`;
    const query = await app.inject({
      method: 'GET',
      url: `/postback?cid=${clickId}&note=${encodeURIComponent(note)}&bad=%ED%A0%80`,
    });
    // A JSON body can carry a lone surrogate directly: `"\ud800"`.
    const json = await app.inject({
      method: 'POST',
      url: '/postback',
      headers: { 'content-type': 'application/json' },
      payload: `{"cid":"${clickId}","txid":"J-\\ud800","note\\udc00":"${'y'.repeat(511)}${EMOJI}"}`,
    });
    const text = await app.inject({
      method: 'POST',
      url: '/postback',
      headers: { 'content-type': 'text/plain' },
      payload: `cid=${clickId}&txid=T-${encodeURIComponent(EMOJI)}&v=%ED%B0%80`,
    });
    for (const response of [query, json, text]) expect(response.statusCode).toBe(200);

    const fromQuery = dataOf(await eventFor(RECEIVED, query.json<Answer>().id)).params as Record<
      string,
      string
    >;
    expect(fromQuery.note).toBe('x'.repeat(511));
    expect(fromQuery.bad).toBe('\uFFFD'.repeat(3));
    const fromJson = dataOf(await eventFor(RECEIVED, json.json<Answer>().id));
    expect(fromJson.txid).toBe('J-\uFFFD');
    expect(fromJson.params).toMatchObject({ 'note\uFFFD': 'y'.repeat(511) });
    const fromText = dataOf(await eventFor(RECEIVED, text.json<Answer>().id));
    expect(fromText.txid).toBe(`T-${EMOJI}`);
    for (const data of [fromQuery, fromJson, fromText]) {
      const serialized = JSON.stringify(data);
      expect(serialized).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
    }
  });

  it('item 2: parameters named constructor, __proto__, toString, hasOwnProperty are plain entries', async () => {
    const clickId = codec.generate();
    const query = await app.inject({
      method: 'GET',
      url: `/postback?cid=${clickId}&constructor=c&__proto__=p&toString=t&hasOwnProperty=h`,
    });
    const json = await app.inject({
      method: 'POST',
      url: '/postback',
      headers: { 'content-type': 'application/json' },
      payload: `{"cid":"${clickId}","__proto__":"jp","constructor":{"prototype":1},"valueOf":"v"}`,
    });
    expect(query.statusCode).toBe(200);
    expect(json.statusCode).toBe(200);
    const fromQuery = dataOf(await eventFor(RECEIVED, query.json<Answer>().id));
    expect(Object.entries(fromQuery.params as object)).toEqual(
      expect.arrayContaining([
        ['constructor', 'c'],
        ['__proto__', 'p'],
        ['toString', 't'],
        ['hasOwnProperty', 'h'],
      ]),
    );
    const fromJson = dataOf(await eventFor(RECEIVED, json.json<Answer>().id));
    expect(Object.entries(fromJson.params as object)).toEqual(
      expect.arrayContaining([
        ['__proto__', 'jp'],
        ['valueOf', 'v'],
      ]),
    );
  });

  it('item 3: reads a text/plain body as a form (payout and txid are not dropped)', async () => {
    const clickId = codec.generate();
    const response = await app.inject({
      method: 'POST',
      url: '/postback',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      payload: `cid=${clickId}&payout=7.25&txid=TP-1`,
    });
    expect(response.statusCode).toBe(200);
    expect(dataOf(await eventFor(RECEIVED, response.json<Answer>().id))).toMatchObject({
      clickId,
      payout: '7.25',
      txid: 'TP-1',
    });
  });

  it('item 4: malformed JSON is 400 malformed-body, logged with what the query said', async () => {
    const clickId = codec.generate();
    const response = await app.inject({
      method: 'POST',
      url: `/postback?cid=${clickId}`,
      headers: { 'content-type': 'application/json' },
      payload: '{"payout": 1,',
    });
    const data = await expectLoggedRejection(response, 400, 'malformed-body');
    expect(data.params).toEqual({ cid: clickId });
  });

  it('item 4: 413 for a body over the limit, in the contract shape and logged', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/postback?cid=${codec.generate()}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `txid=${'z'.repeat(20 * 1024)}`,
    });
    await expectLoggedRejection(response, 413, 'body-too-large');
  });

  it('item 4: 415 for a compressed or multipart body, in the contract shape and logged', async () => {
    const gzip = await app.inject({
      method: 'POST',
      url: '/postback',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync('{"cid":"x"}'),
    });
    await expectLoggedRejection(gzip, 415, 'unsupported-media-type');
    const multipart = await app.inject({
      method: 'POST',
      url: '/postback',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      payload: '--b\r\nContent-Disposition: form-data; name="cid"\r\n\r\nx\r\n--b--\r\n',
    });
    await expectLoggedRejection(multipart, 415, 'unsupported-media-type');
  });

  it('item 4: 415 for a body of a type that is not read (XML, an image), in the contract shape and logged', async () => {
    for (const type of ['application/xml', 'image/png', 'application/octet-stream; charset=utf-8']) {
      const clickId = codec.generate();
      const response = await app.inject({
        method: 'POST',
        url: `/postback?txid=T-${type.length}`,
        headers: { 'content-type': type },
        payload: `cid=${clickId}&payout=1`,
      });
      const data = await expectLoggedRejection(response, 415, 'unsupported-media-type');
      expect(response.json<{ message: string }>().message).toContain(type.split(';')[0]);
      // What could be read (the query) is logged; the body's parameters are not.
      expect(data.params).toEqual({ txid: `T-${type.length}` });
    }
  });

  it('item 4: 414 for a URL over 8 KiB, in the contract shape and logged', async () => {
    const response = await app.inject({ method: 'GET', url: `/postback?cid=x&pad=${'p'.repeat(9000)}` });
    const data = await expectLoggedRejection(response, 414, 'uri-too-long');
    expect(data.params).toMatchObject({ cid: 'x' });
  });

  it('item 4: 431 for headers over the limit, on a real socket, in the contract shape and logged', async () => {
    const raw = await rawRequest(
      port,
      `GET /postback?cid=x HTTP/1.1\r\nHost: t\r\nX-Big: ${'h'.repeat(20 * 1024)}\r\n\r\n`,
    );
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    const answer = JSON.parse(body) as Answer;
    expect(answer).toMatchObject({ status: 'rejected', reason: 'headers-too-large' });
    expect(dataOf(await eventFor(REJECTED, answer.id)).reason).toBe('headers-too-large');
  });

  it('item 4: a request Node cannot even parse is 400 malformed-body, in the contract shape and logged', async () => {
    const raw = await rawRequest(port, 'GET /postback?cid=x HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n');
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    const answer = JSON.parse(body) as Answer;
    expect(answer).toMatchObject({ status: 'rejected', reason: 'malformed-body' });
    expect(dataOf(await eventFor(REJECTED, answer.id)).reason).toBe('malformed-body');
  });

  it('item 4: other methods get 405 with Allow, in the contract shape and logged', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const) {
      const response = await app.inject({ method, url: `/postback?cid=${codec.generate()}` });
      expect(response.headers.allow).toBe('GET, POST, HEAD');
      await expectLoggedRejection(response, 405, 'method-not-allowed');
    }
  });

  it('item 4: HEAD answers 200 and records nothing', async () => {
    const clickId = codec.generate();
    const marker = uniqueSuffix();
    const head = await app.inject({ method: 'HEAD', url: `/postback?cid=${clickId}&txid=head-${marker}` });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    // Same click, same partition: once the later GET's event is in, an event of the HEAD would be too.
    const after = await app.inject({ method: 'GET', url: `/postback?cid=${clickId}&txid=after-${marker}` });
    await eventFor(RECEIVED, after.json<Answer>().id);
    const txids = collector.messages.filter((m) => m.topic === RECEIVED).map((m) => dataOf(m).txid);
    expect(txids).toContain(`after-${marker}`);
    expect(txids).not.toContain(`head-${marker}`);
  });

  it('item 5: a rejection is durable (acknowledged by Kafka) by the time its 400 is answered', async () => {
    const publisher = app.get<DurablePublisher>(REJECTIONS_PUBLISHER);
    const before = publisher.stats();
    const response = await app.inject({ method: 'GET', url: '/postback?payout=1' });
    // Read at once, no waiting: fire-and-forget would still have the event pending here.
    const after = publisher.stats();
    expect(response.statusCode).toBe(400);
    expect(after.published).toBe(before.published + 1);
    expect(after.pending).toBe(0);
    const { id } = response.json<Answer>();
    await eventFor(REJECTED, id);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /postbacks_received_total\{outcome="rejected",reason="missing-click-id"\} [1-9]/,
    );
    expect(metrics.body).toContain('postback_rejections_spool_bytes 0');
  });
});

/** Sends raw bytes and collects everything until the server closes the connection. */
describe('postback ingress behind a trusted proxy (issue 12, item 9)', () => {
  let app: HttpServiceApp;
  let collector: KafkaCollector;

  beforeAll(async () => {
    collector = await collectFromNow(kafka, [RECEIVED, REJECTED]);
    // app.inject() connects from 127.0.0.1: with loopback trusted, X-Forwarded-For is believed.
    app = await createIngressApp({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'ingress-proxy-spool-')),
      TRUSTED_PROXIES: 'loopback',
    });
  });

  afterAll(async () => {
    await app.close();
    await collector.stop();
  });

  const sourceIpOf = async (topic: string, postbackId: string): Promise<unknown> => {
    const message = await eventually(() => {
      const found = collector.messages.find((m) => m.topic === topic && dataOf(m).postbackId === postbackId);
      if (!found) throw new Error(`no ${topic} event for ${postbackId} yet`);
      return found;
    });
    return dataOf(message).sourceIp;
  };

  it('takes the nearest untrusted IP and skips entries that are not IP addresses', async () => {
    const cases: readonly (readonly [string, string])[] = [
      ['not-an-ip, 203.0.113.7', '203.0.113.7'],
      ['203.0.113.9, garbage', '203.0.113.9'],
      ['garbage', '127.0.0.1'],
      ['[2001:db8::1]:443', '2001:db8::1'],
    ];
    for (const [forwardedFor, expected] of cases) {
      const accepted = await app.inject({
        method: 'GET',
        url: `/postback?cid=${codec.generate()}`,
        headers: { 'x-forwarded-for': forwardedFor },
      });
      expect(accepted.statusCode).toBe(200);
      expect(await sourceIpOf(RECEIVED, accepted.json<Answer>().id)).toBe(expected);
    }
    // Refusals before the handler (405 here) read the client IP the same way.
    const refused = await app.inject({
      method: 'PUT',
      url: '/postback',
      headers: { 'x-forwarded-for': 'junk' },
    });
    expect(refused.statusCode).toBe(405);
    expect(await sourceIpOf(REJECTED, refused.json<Answer>().id)).toBe('127.0.0.1');
  });
});

function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(Buffer.from(chunk)));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.write(request);
  });
}
