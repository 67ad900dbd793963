/**
 * Produces `postbacks.received.v1` events in a worker thread, as the ingress would: the load
 * generator must not share an event loop with the service it measures.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TOPICS, type PostbackReceivedData } from '@clickledger/contracts';
import { createKafkaClient, eventMessage } from '@clickledger/platform-kafka';
import { messageOf } from './kafka-message';
import { parseClickId, timeOrderedUuid } from '@clickledger/tracking';

export interface PostbackProduction {
  readonly brokers: readonly string[];
  /** One postback per entry, for that click. */
  readonly clickIds: readonly string[];
  readonly batchSize: number;
  /** Postbacks per second; 0 sends as fast as Kafka acknowledges. */
  readonly rate: number;
}

export interface ProductionResult {
  /** Wall-clock time of the first send (ms since the epoch). */
  readonly startedAt: number;
  readonly durationMs: number;
}

/** Runs the production in a worker and resolves when every postback is acknowledged. */
export function producePostbacksInWorker(production: PostbackProduction): Promise<ProductionResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: production });
    worker.once('message', (result: ProductionResult) => {
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`postback producer worker exited with ${String(code)}`));
    });
  });
}

async function produce({
  brokers,
  clickIds,
  batchSize,
  rate,
}: PostbackProduction): Promise<ProductionResult> {
  const kafka = createKafkaClient({ brokers: [...brokers], clientId: 'bench-postback-producer' });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const topic = TOPICS.postbacksReceived.name;
  const startedAt = Date.now();
  try {
    for (let sent = 0; sent < clickIds.length; sent += batchSize) {
      if (rate > 0) {
        const due = startedAt + (sent / rate) * 1000;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
      const receivedAt = new Date().toISOString();
      const messages = clickIds.slice(sent, sent + batchSize).map((clickId, offset) => {
        const txid = `T${String(sent + offset)}`;
        const parsed = parseClickId(clickId);
        const data: PostbackReceivedData = {
          postbackId: timeOrderedUuid(), // as the ingress makes them
          clickId,
          clickedAt: new Date(parsed.ok ? parsed.timestampMs : 0).toISOString(),
          params: { cid: clickId, txid },
          payout: '2.5',
          txid,
          eventType: 'sale',
          currency: null,
          status: 'approved',
          sourceIp: '203.0.113.1',
          receivedAt,
          warnings: [],
        };
        return messageOf(eventMessage(topic, data, { id: data.postbackId }));
      });
      await producer.send({ topic, acks: -1, messages });
    }
    return { startedAt, durationMs: Date.now() - startedAt };
  } finally {
    await producer.disconnect();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void produce(workerData as PostbackProduction).then((result) => {
    port.postMessage(result);
  });
}
