import type { Kafka } from 'kafkajs';
import { referenceBatchCounter } from './batch-counts';
import { startBareServer, startReferenceServer, type RunningProcess } from './processes';
import type { Contender, WrkTarget } from './wrk';

/** Where the reference server writes: a bench topic no service reads, kept an hour. */
export const REFERENCE_TOPIC = 'bench.reference.v1';

export interface Baselines {
  /** The two baselines as contenders for measureInTurns, with the same requests as the service. */
  readonly contenders: readonly [Contender, Contender];
  stop(): Promise<void>;
}

/**
 * The two baselines of an HTTP bench, each in its own process: a bare `node:http` server answering
 * the same status, and the reference server that answers only after kafkajs acknowledged the event
 * (bench/reference-server.ts). Both stay up until stop(), so they are measured in turns with the service.
 */
export async function startBaselines(
  kafka: Kafka,
  brokers: readonly string[],
  kind: 'redirect' | 'json',
  target: Omit<WrkTarget, 'port'>,
): Promise<Baselines> {
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
  const bare = await startBareServer(kind);
  let reference: RunningProcess;
  try {
    reference = await startReferenceServer(kind, REFERENCE_TOPIC, brokers);
  } catch (error) {
    await bare.stop();
    throw error;
  }
  const contender = (label: string, server: RunningProcess, tag: string): Contender => ({
    label,
    target: { ...target, port: server.port, pid: server.child.pid, tag: `${target.tag}${tag}` },
  });
  const [status, answer] = kind === 'redirect' ? ['302', '302'] : ['200', '200 JSON'];
  return {
    contenders: [
      contender(`bare node:http (${answer})`, bare, 'b'),
      {
        ...contender(`reference (${status} after kafkajs ack)`, reference, 'r'),
        batchCounter: referenceBatchCounter(reference.port),
      },
    ],
    stop: async () => {
      await Promise.all([bare.stop(), reference.stop()]);
    },
  };
}
