/**
 * Produces `postbacks.received.v1` events in a worker thread, as the ingress would: the load
 * generator must not share an event loop with the service it measures. The worker stays up between
 * productions (connected, its code compiled), as a running ingress does: a warm-up production
 * leaves the measured one nothing to pay for but the postbacks.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Producer } from 'kafkajs';
import { TOPICS, type PostbackReceivedData } from '@clickledger/contracts';
import { createKafkaClient, eventMessage, keyHashPartitioner } from '@clickledger/platform-kafka';
import { messageOf } from './kafka-message';
import { parseClickId, timeOrderedUuid } from '@clickledger/tracking';

export interface PostbackProduction {
  /** One postback per entry, for that click. */
  readonly clickIds: readonly string[];
  readonly batchSize: number;
  /** Postbacks per second; 0 sends as fast as Kafka acknowledges. */
  readonly rate: number;
  /** Put before each postback's transaction id (`T` by default): tells productions apart in the rows. */
  readonly txidPrefix?: string;
}

export interface ProductionResult {
  /** Wall-clock time of the first send (ms since the epoch). */
  readonly startedAt: number;
  readonly durationMs: number;
}

export interface PostbackProducer {
  /** Resolves when every postback of this production is acknowledged. */
  produce(production: PostbackProduction): Promise<ProductionResult>;
  close(): Promise<void>;
}

type Reply = { readonly kind: 'ready' } | { readonly kind: 'produced'; readonly result: ProductionResult };

/** Starts the worker and resolves once its producer is connected. */
export function startPostbackProducer(brokers: readonly string[]): Promise<PostbackProducer> {
  const worker = new Worker(__filename, { workerData: { brokers }, name: 'postback-sender' });
  let failure: Error | undefined;
  const waiting = new Set<(error: Error) => void>();
  const fail = (error: Error) => {
    failure = error;
    for (const reject of waiting) reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    fail(new Error(`postback producer worker exited with ${String(code)}`));
  });
  const next = <K extends Reply['kind']>(kind: K): Promise<Extract<Reply, { kind: K }>> =>
    new Promise((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      waiting.add(reject);
      worker.once('message', (reply: Reply) => {
        waiting.delete(reject);
        if (reply.kind === kind) resolve(reply as Extract<Reply, { kind: K }>);
        else reject(new Error(`postback producer worker answered ${reply.kind}, not ${kind}`));
      });
    });
  return next('ready').then(() => {
    worker.unref();
    return {
      produce: async (production) => {
        const produced = next('produced');
        worker.ref();
        worker.postMessage(production);
        try {
          return (await produced).result;
        } finally {
          // Idle, the worker does not hold the process up (a bench that failed still exits).
          worker.unref();
        }
      },
      close: async () => {
        worker.removeAllListeners('exit');
        await worker.terminate();
      },
    };
  });
}

/** The same postback events the ingress makes, sent with the ingress's partitioner. */
async function produce(
  producer: Producer,
  { clickIds, batchSize, rate, txidPrefix = 'T' }: PostbackProduction,
): Promise<ProductionResult> {
  const topic = TOPICS.postbacksReceived.name;
  const startedAt = Date.now();
  for (let sent = 0; sent < clickIds.length; sent += batchSize) {
    if (rate > 0) {
      const due = startedAt + (sent / rate) * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    const receivedAt = new Date().toISOString();
    const messages = clickIds.slice(sent, sent + batchSize).map((clickId, offset) => {
      const txid = `${txidPrefix}${String(sent + offset)}`;
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
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { brokers } = workerData as { brokers: string[] };
  const kafka = createKafkaClient({ brokers, clientId: 'bench-postback-producer' });
  // The ingress's partitioner (DurablePublisher's): kafkajs's default computes the same partition
  // through 64-bit longs, a cost the ingress does not pay.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: keyHashPartitioner,
  });
  void producer.connect().then(() => {
    port.postMessage({ kind: 'ready' } satisfies Reply);
    port.on('message', (production: PostbackProduction) => {
      void produce(producer, production).then((result) => {
        port.postMessage({ kind: 'produced', result } satisfies Reply);
      });
    });
  });
}
