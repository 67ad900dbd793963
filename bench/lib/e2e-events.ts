import type { Client } from 'pg';
import { TOPICS } from '@clickledger/contracts';
import { createKafkaClient } from '@clickledger/platform-kafka';
import { missingEvents } from './e2e-ledger';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads this run's conversions.attributed.v1 events into `bench_events` (one INSERT per batch)
 * until every conversion revision has its event, or nothing new arrived for 30 s.
 */
export async function readConversionEvents(
  brokers: string[],
  campaignId: string,
  db: Client,
  schema: string,
): Promise<{ expected: number; missing: number }> {
  const kafka = createKafkaClient({ brokers, clientId: 'bench-e2e-verify' });
  const consumer = kafka.consumer({ groupId: `bench-e2e-verify-${Date.now().toString(36)}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.conversionsAttributed.name, fromBeginning: true });
  let lastArrival = Date.now();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const ids: string[] = [];
      const revisions: number[] = [];
      for (const message of batch.messages) {
        const event = JSON.parse(message.value?.toString() ?? '{}') as {
          data?: { conversionId?: string; revision?: number; campaignId?: string };
        };
        if (event.data?.campaignId !== campaignId || !event.data.conversionId) continue;
        ids.push(event.data.conversionId);
        revisions.push(event.data.revision ?? 0);
      }
      if (ids.length > 0) {
        await db.query(`INSERT INTO bench_events SELECT * FROM unnest($1::uuid[], $2::int[])`, [
          ids,
          revisions,
        ]);
        lastArrival = Date.now();
      }
    },
  });
  let status = await missingEvents(db, schema);
  while (status.missing > 0 && Date.now() - lastArrival < 30_000) {
    await sleep(2000);
    status = await missingEvents(db, schema);
  }
  await consumer.disconnect();
  return status;
}
