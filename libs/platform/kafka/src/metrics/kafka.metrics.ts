import { Counter, Gauge, type Registry } from 'prom-client';
import { TallyHistogram } from '@clickledger/platform-observability';
import type { ConsumerRunner } from '../consumer/consumer-runner';
import type { DurablePublisher } from '../publisher/durable.publisher';
import type { PublishReceipt } from '../kafka-message';

/**
 * Counts kept by components since start, exposed as a counter: each scrape adds what was new.
 * Counts read with the same labels (members of one consumer group) are summed first.
 */
function countersFrom(
  registry: Registry,
  metric: { readonly name: string; readonly help: string; readonly labelNames: readonly string[] },
  read: () => readonly (readonly [Record<string, string>, number])[],
): Counter {
  const seen = new Map<string, number>();
  return new Counter({
    ...metric,
    registers: [registry],
    collect() {
      const totals = new Map<string, { labels: Record<string, string>; value: number }>();
      for (const [labels, value] of read()) {
        const key = JSON.stringify(labels);
        const total = totals.get(key);
        if (total) total.value += value;
        else totals.set(key, { labels, value });
      }
      for (const [key, { labels, value }] of totals) {
        const delta = value - (seen.get(key) ?? 0);
        if (delta > 0) this.inc(labels, delta);
        else if (!seen.has(key)) this.inc(labels, 0);
        seen.set(key, Math.max(value, seen.get(key) ?? 0));
      }
    },
  });
}

// From well under a millisecond (acks=all on a local broker) to the 3 s ack timeout and beyond.
const PUBLISH_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * `kafka_publish_batch_duration_seconds{receipt}`: acked = Kafka's acknowledgement of one batch,
 * spooled = its fsync to the spool. Returns the publisher's `onBatchDurable`: a TallyHistogram's
 * series per receipt, taken once (prom-client's Histogram checked and hashed the label of every
 * batch).
 */
export function publishDurations(
  registry: Registry,
): (receipt: PublishReceipt['status'], seconds: number) => void {
  const histogram = new TallyHistogram({
    name: 'kafka_publish_batch_duration_seconds',
    help: 'Time to make one micro-batch durable: acknowledged by Kafka (acked) or, Kafka failing, fsynced to the spool (spooled)',
    labelNames: ['receipt'],
    buckets: PUBLISH_BUCKETS,
    registry,
  });
  const acked = histogram.series({ receipt: 'acked' });
  const spooled = histogram.series({ receipt: 'spooled' });
  return (receipt, seconds) => {
    (receipt === 'spooled' ? spooled : acked).observe(seconds);
  };
}

/** The durable publisher's counters and gauges, read from its stats at scrape time. */
export function registerPublisherMetrics(registry: Registry, publisher: DurablePublisher): void {
  countersFrom(
    registry,
    {
      name: 'kafka_publisher_messages_total',
      help: 'Messages handled by the durable publisher, by what became of them (published, spooled, replayed, rejected)',
      labelNames: ['result'],
    },
    () => {
      const stats = publisher.stats();
      return [
        [{ result: 'published' }, stats.published],
        [{ result: 'spooled' }, stats.spooled],
        [{ result: 'replayed' }, stats.replayed],
        [{ result: 'rejected' }, stats.rejected],
      ];
    },
  );
  new Gauge({
    name: 'kafka_publisher_batch_messages',
    help: 'Mean and largest micro-batch sizes sent to Kafka since start',
    labelNames: ['stat'],
    registers: [registry],
    collect() {
      const stats = publisher.stats();
      this.set({ stat: 'mean' }, stats.batches === 0 ? 0 : stats.batchedMessages / stats.batches);
      this.set({ stat: 'max' }, stats.maxBatchSize);
    },
  });
  new Gauge({
    name: 'kafka_spool_bytes',
    help: 'Bytes waiting in the local spool until Kafka answers again',
    registers: [registry],
    collect() {
      this.set(publisher.stats().spoolBytes);
    },
  });
}

/**
 * Lag, stalled partitions and message counts of consumer runners, read at scrape time (runners
 * added to the array later are included). Label values are bounded by groups and partitions.
 */
export function registerConsumerMetrics(
  registry: Registry,
  runners: readonly ConsumerRunner<unknown>[],
): void {
  new Gauge({
    name: 'kafka_consumer_lag_messages',
    help: 'Messages after the last committed batch of each partition this member consumes, as of that batch',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    collect() {
      this.reset();
      for (const runner of runners) {
        for (const { topic, partition, messages } of runner.partitionLag()) {
          this.set({ group: runner.groupId, topic, partition: String(partition) }, messages);
        }
      }
    },
  });
  new Gauge({
    name: 'kafka_consumer_stalled_partitions',
    help: 'Partitions whose batch failed every attempt and is retried until its dependency answers',
    labelNames: ['group'],
    registers: [registry],
    collect() {
      this.reset();
      // Summed over the group's members in this process.
      for (const runner of runners) this.inc({ group: runner.groupId }, runner.stats().stalledPartitions);
    },
  });
  countersFrom(
    registry,
    {
      name: 'kafka_consumer_messages_total',
      help: 'Messages consumed, by what became of them (handled, dead_lettered)',
      labelNames: ['group', 'result'],
    },
    () =>
      runners.flatMap((runner) => {
        const stats = runner.stats();
        return [
          [{ group: runner.groupId, result: 'handled' }, stats.handled] as const,
          [{ group: runner.groupId, result: 'dead_lettered' }, stats.deadLettered] as const,
        ];
      }),
  );
}
