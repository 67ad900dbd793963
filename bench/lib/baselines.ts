import type { Kafka } from 'kafkajs';
import { measureBareServer, startReferenceServer } from './processes';
import { warmedWrk, type WrkOptions, type WrkResult, type WrkTarget } from './wrk';

/** Where the reference server writes: a bench topic no service reads, kept an hour. */
export const REFERENCE_TOPIC = 'bench.reference.v1';

/**
 * The two baselines of an HTTP bench, measured by wrk with the same requests as the service:
 * a bare `node:http` server answering the same status, and the reference server that answers
 * only after kafkajs acknowledged the event (bench/reference-server.ts).
 */
export async function measureBaselines(
  kafka: Kafka,
  brokers: readonly string[],
  kind: 'redirect' | 'json',
  target: Omit<WrkTarget, 'port'>,
  options: WrkOptions,
): Promise<{ bare: WrkResult; reference: WrkResult }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Same partition count as the services' event topics.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: REFERENCE_TOPIC,
          numPartitions: 6,
          configEntries: [{ name: 'retention.ms', value: '3600000' }],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  const bare = await measureBareServer(kind, (port, pid) =>
    warmedWrk({ ...target, port, pid, tag: `${target.tag}b` }, options),
  );
  const server = await startReferenceServer(kind, REFERENCE_TOPIC, brokers);
  try {
    const reference = await warmedWrk(
      { ...target, port: server.port, pid: server.child.pid, tag: `${target.tag}r` },
      options,
    );
    return { bare, reference };
  } finally {
    await server.stop();
  }
}
