// Before kafkajs: its producer takes the message grouping, the record encoder and the checksum,
// its produce request and connection the one-pass encoding, its fetch the record decoder, when
// they load (see the modules).
import './linear-message-grouping';
import './record-encoding';
import './record-decoding';
import './native-crc32c';
import './produce-encoding';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { fixRequestQueueIdleLoop } from './request-queue-idle-fix';

/** kafkajs prints a warning about its partitioner change on every producer; we pick one explicitly. */
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** The client handle services pass around; they never import kafkajs themselves. */
export type KafkaClient = Kafka;

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Connection attempts before an operation fails; low values let callers fall back (spool) fast. */
  readonly retries?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** The one place that constructs a kafkajs client, so the library stays swappable. */
export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  fixRequestQueueIdleLoop();
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30000,
    retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
  };
  return new Kafka(config);
}

/** Parses `KAFKA_BROKERS`-style lists: `host:port,host:port`. */
export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}
