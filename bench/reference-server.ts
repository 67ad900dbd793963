/**
 * The reference for the click and postback benches: about the fastest a Node service can be that
 * answers only after Kafka has the event. A bare `node:http` server, an idempotent kafkajs producer
 * (acks=-1) and micro-batching: requests that arrive while a batch is in flight are coalesced into
 * the next `sendBatch`, and each is answered when that batch is acknowledged (a 503 if it fails).
 * Each request is one event of the size of the service's (`--event-bytes`, default the size of a click
 * event for `redirect`, of an accepted postback's for `json`), keyed by a fresh id and carrying a
 * correlation-id header, as the services' events do: Kafka's share of the work is the same.
 * Runs as its own process:
 *   node -r infra/node/register-paths.js dist/bench/reference-server.js --kind redirect|json --port N --topic T [--event-bytes N]
 * with KAFKA_BROKERS set. `GET /health` answers 200 once the producer is connected; `GET /stats`, the
 * batches Kafka acknowledged and the events they carried (bench/lib/batch-counts.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Message } from 'kafkajs';
import { createKafkaClient, keyHashPartitioner, parseBrokers } from '@clickledger/platform-kafka';
import { parseBenchArgs } from './lib/options';
import { REFERENCE_EVENT_BYTES } from './lib/reference-event';

const values = parseBenchArgs(
  'node -r infra/node/register-paths.js dist/bench/reference-server.js --kind redirect|json --port N --topic T [--event-bytes N]',
  {
    kind: { type: 'string', default: 'redirect' },
    port: { type: 'string', default: '0' },
    topic: { type: 'string' },
    'event-bytes': { type: 'string' },
  },
);
const KIND = values.kind === 'json' ? 'json' : 'redirect';
const TOPIC = values.topic ?? '';
if (TOPIC === '') throw new Error('--topic is required');
const EVENT_BYTES = Number(values['event-bytes'] ?? REFERENCE_EVENT_BYTES[KIND]);

interface Pending {
  readonly message: Message;
  readonly answer: (ok: boolean) => void;
}

const kafka = createKafkaClient({
  brokers: parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'),
  clientId: 'bench-reference',
});
// The services' partitioner: kafkajs's default picks the same partitions through 64-bit longs, a
// cost the reference would carry and the services do not.
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: keyHashPartitioner,
});
let queued: Pending[] = [];
let sending = false;
let scheduled = false;
/** Batches Kafka acknowledged and the events they carried (`GET /stats`, read by the bench). */
const acknowledged = { batches: 0, events: 0 };

/** Sends everything queued as one batch; what arrives meanwhile waits for the next one. */
function flush(): void {
  scheduled = false;
  if (sending || queued.length === 0) return;
  const batch = queued;
  queued = [];
  sending = true;
  producer
    .sendBatch({ acks: -1, topicMessages: [{ topic: TOPIC, messages: batch.map((p) => p.message) }] })
    .then(
      () => {
        acknowledged.batches += 1;
        acknowledged.events += batch.length;
        for (const pending of batch) pending.answer(true);
      },
      () => {
        for (const pending of batch) pending.answer(false);
      },
    )
    .finally(() => {
      sending = false;
      flush();
    });
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  if (req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(acknowledged));
    return;
  }
  // An event of the size and shape of the services' (an envelope with the request's facts, padded).
  const id = randomUUID();
  const unpadded = JSON.stringify({
    type: 'bench.reference',
    version: 1,
    id,
    occurredAt: new Date().toISOString(),
    data: {
      url: req.url,
      ip: req.headers['x-forwarded-for'] ?? req.socket.remoteAddress,
      userAgent: req.headers['user-agent'] ?? null,
    },
  });
  // `{…"data":{…}}` → `{…"data":{…,"pad":"xx…"}}`: one serialisation, as the services do.
  const pad = 'x'.repeat(Math.max(0, EVENT_BYTES - unpadded.length - 10));
  const value = `${unpadded.slice(0, -2)},"pad":"${pad}"}}`;
  queued.push({
    message: { key: id, value, headers: { 'x-correlation-id': randomUUID() } },
    answer: (ok) => {
      if (!ok) {
        res.writeHead(503).end();
      } else if (KIND === 'redirect') {
        res
          .writeHead(302, { location: `https://offers.example/o?id=7&s2=${id}`, 'cache-control': 'no-store' })
          .end();
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'accepted', id }));
      }
    },
  });
  // After this tick's other requests have been read: they go in the same batch.
  if (!sending && !scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

async function main(): Promise<void> {
  await producer.connect();
  const server = createServer(handle);
  server.listen(Number(values.port), '127.0.0.1');
  const stop = (): void => {
    server.close();
    void producer.disconnect().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
