import { randomUUID } from 'node:crypto';
import { createEvent, dlqTopicName, TOPICS, type PostbackRejectedData } from '@clickledger/contracts';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { eventMessage } from '@clickledger/platform-kafka';
import { collectFromNow, eventually, uniqueSuffix, type KafkaCollector } from '@clickledger/testing';
import { AttributionHarness, codec } from './attribution-harness';

const RECEIVED = TOPICS.postbacksReceived.name;
const REJECTED = TOPICS.postbacksRejected.name;

/**
 * Issue 12 at attribution: no input can stop a consumer. Client-chosen names and broken Unicode
 * are stored; what can never be processed is logged `unprocessable`, counted, written to the
 * postback log and dead-lettered, and the partition goes on.
 */
describe('attribution: no input can stop a consumer (issue 12)', () => {
  const h = new AttributionHarness();
  let app: HttpServiceApp;
  let dlq: KafkaCollector;

  beforeAll(async () => {
    await h.setUp();
    dlq = await collectFromNow(h.kafka, [dlqTopicName(RECEIVED), dlqTopicName(REJECTED)]);
    app = await h.startApp();
  });

  afterAll(async () => {
    await app.close();
    await dlq.stop();
    await h.tearDown();
  });

  const deadLetter = (key: string) =>
    eventually(() => {
      const found = dlq.messages.find((m) => m.key === key);
      if (!found) throw new Error(`no dead letter for ${key} yet`);
      return found;
    });

  const metrics = async (): Promise<string> => (await app.inject({ method: 'GET', url: '/metrics' })).body;

  it('item 2: stores a postback whose parameters are named constructor, __proto__, toString, hasOwnProperty', async () => {
    const catalog = await h.catalog();
    const click = h.clickData(catalog);
    await h.sendClicks([click]);
    const params = JSON.parse(
      `{"cid":"${click.clickId}","constructor":"c","__proto__":"p","toString":"t","hasOwnProperty":"h"}`,
    ) as Record<string, string>;
    const postback = h.postbackData(click.clickId, { params, txid: 'NAMES' });
    await h.sendPostbacks([postback]);
    const entry = await h.settled(postback.postbackId);
    expect(entry.outcome).toBe('accepted');
    expect(Object.entries(entry.params)).toEqual(
      expect.arrayContaining([
        ['constructor', 'c'],
        ['__proto__', 'p'],
        ['toString', 't'],
        ['hasOwnProperty', 'h'],
      ]),
    );
    expect(await h.conversions(click.clickId)).toHaveLength(1);
  });

  it('item 1: stores lone surrogates and NUL as U+FFFD (jsonb never refuses), and the partition goes on', async () => {
    const catalog = await h.catalog();
    const click = h.clickData(catalog);
    await h.sendClicks([click]);
    // As a producer that did not clean its input would send it: JSON escapes jsonb refuses.
    const params = JSON.parse(`{"cid":"${click.clickId}","n\\ud800":"x\\udc00y","z":"a\\u0000b"}`) as Record<
      string,
      string
    >;
    const broken = h.postbackData(click.clickId, { params, txid: 'T-\ud83d' });
    const clean = h.postbackData(click.clickId, { txid: 'CLEAN-AFTER' });
    await h.sendPostbacks([broken, clean]);
    const entry = await h.settled(broken.postbackId);
    expect(entry.outcome).toBe('accepted');
    expect(entry.params).toMatchObject({ 'n\uFFFD': 'x\uFFFDy', z: 'a\uFFFDb' });
    expect((await h.settled(clean.postbackId)).outcome).toBe('accepted');
    expect((await h.conversions(click.clickId)).map((c) => c.txid).sort()).toEqual([
      'CLEAN-AFTER',
      'T-\uFFFD',
    ]);
  });

  it('logs a schema-invalid postback as unprocessable, naming the cause, dead-letters it and goes on', async () => {
    const catalog = await h.catalog();
    const click = h.clickData(catalog);
    await h.sendClicks([click]);
    const invalid = h.postbackData(click.clickId, { txid: 'INVALID' });
    const event = createEvent(RECEIVED, invalid, { id: invalid.postbackId }) as unknown as {
      data: Record<string, unknown>;
    };
    event.data.payout = 12.5; // a number: the contract wants a decimal string
    await h.sendRaw(RECEIVED, click.clickId, JSON.stringify(event));
    const after = h.postbackData(click.clickId, { txid: 'AFTER-INVALID' });
    await h.sendPostbacks([after]);

    const entry = await h.settled(invalid.postbackId);
    expect(entry).toMatchObject({ outcome: 'rejected', reason: 'unprocessable', clickId: click.clickId });
    expect(entry.message).toContain('schema-invalid');
    expect(entry.message).toContain('data.payout');
    expect(entry.params).toEqual({ cid: click.clickId });
    const letter = await deadLetter(click.clickId);
    expect(letter.headers['x-dlq-error']).toContain('unprocessable (schema-invalid)');
    expect((await h.settled(after.postbackId)).outcome).toBe('accepted');
    expect(await metrics()).toMatch(
      /attribution_unprocessable_messages_total\{consumer="postbacks",cause="schema-invalid"\} [1-9]/,
    );
  });

  it('dead-letters undecodable bytes, counting them, and the next postback on the partition is attributed', async () => {
    const catalog = await h.catalog();
    const click = h.clickData(catalog);
    await h.sendClicks([click]);
    const key = `undecodable-${uniqueSuffix()}`;
    await h.sendRaw(RECEIVED, key, '\u00ff{not json');
    const after = h.postbackData(click.clickId, { txid: 'AFTER-BYTES' });
    await h.sendPostbacks([after]);
    expect((await deadLetter(key)).headers['x-dlq-error']).toContain('unprocessable (undecodable)');
    expect((await h.settled(after.postbackId)).outcome).toBe('accepted');
    expect(await metrics()).toMatch(
      /attribution_unprocessable_messages_total\{consumer="postbacks",cause="undecodable"\} [1-9]/,
    );
  });

  it('turns data Postgres refuses on every retry into unprocessable instead of stalling (IPv6 zone id)', async () => {
    const clickId = codec.generate();
    const postbackId = randomUUID();
    const data: PostbackRejectedData = {
      postbackId,
      clickId,
      params: { cid: clickId },
      reason: 'invalid-payout',
      message: 'payout is not a decimal',
      field: 'payout',
      // An address Node's isIP accepts and Postgres's inet refuses (22P02), on every retry.
      sourceIp: 'fe80::1%eth0',
      receivedAt: new Date().toISOString(),
      warnings: [],
    };
    await h.sendMessages([eventMessage(REJECTED, data, { id: postbackId })]);
    const nextId = randomUUID();
    const next = { ...data, postbackId: nextId, sourceIp: '192.0.2.1' };
    await h.sendMessages([eventMessage(REJECTED, next, { id: nextId })]);

    const entry = await h.settled(postbackId);
    expect(entry).toMatchObject({ outcome: 'rejected', reason: 'unprocessable', clickId });
    expect(entry.message).toContain('rejected-by-database');
    expect(entry.sourceIp).toBeNull();
    expect((await deadLetter(clickId)).headers['x-dlq-error']).toContain('rejected-by-database');
    expect(await h.settled(nextId)).toMatchObject({ outcome: 'rejected', reason: 'invalid-payout' });
    await eventually(async () => {
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    });
  });
});
