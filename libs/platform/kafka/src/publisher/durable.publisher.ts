import { performance } from 'node:perf_hooks';
import type { Producer } from 'kafkajs';
import type { KafkaClient } from '../kafka-client';
import type { OutgoingMessage, PublishReceipt } from '../kafka-message';
import { MessageTooLargeError, PublisherClosedError } from '../kafka-platform.error';
import { errorContext, STDERR_LOGGER, type PlatformLogger } from '../logger';
import { SerialQueue } from '../serial-queue';
import { DiskSpool } from '../spool/disk-spool';
import { InterruptibleDelay, withTimeout } from '../timing';
import { messageBytes, messageBytesAtMost, sendAcknowledged } from './kafka-batch';
import { keyHashPartitioner } from './key-hash-partitioner';

/** Default bound of the local spool: 1 GiB. */
export const DEFAULT_SPOOL_MAX_BYTES = 1024 ** 3;

export interface DurablePublisherOptions {
  readonly kafka: KafkaClient;
  /** Directory of the local spool; one publisher process per directory. */
  readonly spoolDirectory: string;
  /** Upper bound of one produce request (default 500 messages). */
  readonly maxBatchMessages?: number;
  /**
   * How long a message may wait for others to share its produce request, as Kafka's `linger.ms`:
   * a batch goes out once its oldest message has waited this long (or the batch is full), also
   * when the previous request is acknowledged sooner. Default 0: until the event loop's current
   * turn ends (setImmediate), so the requests read in one turn share a produce request without
   * any added wait; while a request is in flight the next batch grows anyway.
   */
  readonly lingerMs?: number;
  /** A batch not acknowledged within this bound is spooled (default 3000 ms). */
  readonly ackTimeoutMs?: number;
  /** Bound on connecting (and on each reconnection probe); default ackTimeoutMs. */
  readonly connectTimeoutMs?: number;
  /** Pause between reconnection probes while Kafka is unreachable (default 1000 ms). */
  readonly probeIntervalMs?: number;
  /** Spool size bound (default 1 GiB); past it publish rejects with SpoolFullError. */
  readonly spoolMaxBytes?: number;
  /** Spool segment size (default 16 MiB). */
  readonly spoolSegmentBytes?: number;
  /** Larger messages are rejected with MessageTooLargeError (default 1,000,000 bytes). */
  readonly maxMessageBytes?: number;
  readonly logger?: PlatformLogger;
  /** Called once per batch made durable, with how and how long it took (for a latency histogram). */
  readonly onBatchDurable?: (receipt: PublishReceipt['status'], seconds: number) => void;
}

export interface PublisherStats {
  /** `direct`: batches go to Kafka. `spooling`: Kafka is unreachable or the spool is being drained. */
  readonly mode: 'direct' | 'spooling';
  /** Messages acknowledged by Kafka when first sent. */
  readonly published: number;
  /** Messages written to the spool instead. */
  readonly spooled: number;
  /** Spooled messages later acknowledged by Kafka (a segment replayed twice counts twice). */
  readonly replayed: number;
  /** Messages whose publish was rejected (spool full, disk error). */
  readonly rejected: number;
  readonly batches: number;
  readonly batchedMessages: number;
  readonly maxBatchSize: number;
  readonly pending: number;
  readonly spoolBytes: number;
  readonly spoolSegments: number;
}

interface PendingPublish {
  readonly message: OutgoingMessage;
  /** messageBytesAtMost(message), counted once (see sendAcknowledged). */
  readonly bytesAtMost: number;
  readonly durable: (receipt: PublishReceipt) => void;
  readonly failed: (error: unknown) => void;
}

// A double from performance.now(), not a BigInt per batch (process.hrtime.bigint).
const secondsSince = (startMs: number): number => (performance.now() - startMs) / 1000;

const ACKED: PublishReceipt = Object.freeze({ status: 'acked' });
const SPOOLED: PublishReceipt = Object.freeze({ status: 'spooled' });

/**
 * Publishes messages so that each caller's promise resolves only once its message is durable:
 * acknowledged by Kafka (idempotent producer, acks=all), or, while Kafka is unreachable, fsynced to
 * a local disk spool that is replayed, in order, when Kafka answers again.
 *
 * Concurrent publishes are micro-batched: while one produce request is in flight the next batch
 * accumulates, so there is exactly one request in flight (kafkajs's idempotent producer needs
 * that for its sequence numbers). While the spool holds anything, new batches are spooled too,
 * which keeps per-key order: messages reach Kafka in the order their promises resolved.
 */
export class DurablePublisher {
  private readonly maxBatchMessages: number;
  private readonly lingerMs: number;
  private readonly ackTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly probeIntervalMs: number;
  private readonly maxMessageBytes: number;
  private readonly logger: PlatformLogger;

  private state: 'new' | 'running' | 'closing' | 'closed' = 'new';
  private mode: 'direct' | 'spooling' = 'spooling';
  private spool: DiskSpool | undefined;
  private producer: Producer | undefined;
  private pending: PendingPublish[] = [];
  private linger: { readonly cancel: () => void } | undefined;
  /** When the oldest pending message was queued (performance.now()), with a linger only. */
  private pendingSince = 0;
  private inFlight: Promise<void> | undefined;
  /** Orders batch dispatch against the replayer's switch back to direct mode. */
  private readonly dispatchQueue = new SerialQueue();
  private replayActive = false;
  private replayDone: Promise<void> = Promise.resolve();
  private readonly probeDelay = new InterruptibleDelay();
  private readonly disconnecting = new Set<Promise<void>>();
  private readonly counters = {
    published: 0,
    spooled: 0,
    replayed: 0,
    rejected: 0,
    batches: 0,
    batchedMessages: 0,
    maxBatchSize: 0,
  };

  constructor(private readonly options: DurablePublisherOptions) {
    this.maxBatchMessages = options.maxBatchMessages ?? 500;
    this.lingerMs = options.lingerMs ?? 0;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? this.ackTimeoutMs;
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
    this.maxMessageBytes = options.maxMessageBytes ?? 1_000_000;
    this.logger = options.logger ?? STDERR_LOGGER;
  }

  /**
   * Opens the spool and connects. Never fails because Kafka is down: it then starts in spooling
   * mode. A spool left by a previous (crashed) process is replayed first.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error('DurablePublisher.start() may be called once');
    const { spool, recovery } = await DiskSpool.open({
      directory: this.options.spoolDirectory,
      maxBytes: this.options.spoolMaxBytes ?? DEFAULT_SPOOL_MAX_BYTES,
      segmentBytes: this.options.spoolSegmentBytes ?? 16 * 1024 ** 2,
    });
    this.spool = spool;
    this.state = 'running';
    if (recovery.discardedBytes > 0) {
      this.logger.warn({ ...recovery }, 'spool: cut off a torn tail left by a crash during an append');
    }
    if (!spool.isEmpty) {
      this.logger.info({ ...recovery }, 'spool: replaying messages left by a previous process');
      this.enterSpooling();
      return;
    }
    const producer = this.createProducer();
    try {
      await withTimeout(producer.connect(), this.connectTimeoutMs, 'Kafka connection');
      this.producer = producer;
      this.mode = 'direct';
    } catch (error) {
      this.discard(producer);
      this.logger.warn(errorContext(error), 'Kafka unreachable at start: spooling until it answers');
      this.enterSpooling();
    }
  }

  /**
   * Resolves once the message is acknowledged by Kafka or fsynced to the spool. Rejects with
   * SpoolFullError when neither is possible, PublisherClosedError after close().
   */
  publish(message: OutgoingMessage): Promise<PublishReceipt> {
    return new Promise<PublishReceipt>((resolve, reject) => {
      this.deliver(message, resolve, reject);
    });
  }

  /**
   * publish without a promise: `durable` is called once the message is acknowledged or spooled, or
   * `failed` with the error publish would reject with (before this returns when the message is
   * refused at once). For hot paths that answer from the callback: a promise and its await cost
   * every request CPU (issue 19). A callback that throws is logged; the batch's others still hear.
   */
  deliver(
    message: OutgoingMessage,
    durable: (receipt: PublishReceipt) => void,
    failed: (error: unknown) => void,
  ): void {
    if (this.state !== 'running') {
      failed(new PublisherClosedError());
      return;
    }
    const bytesAtMost = messageBytesAtMost(message);
    const bytes = bytesAtMost <= this.maxMessageBytes ? 0 : messageBytes(message);
    if (bytes > this.maxMessageBytes) {
      failed(new MessageTooLargeError(bytes, this.maxMessageBytes));
      return;
    }
    if (this.pending.push({ message, bytesAtMost, durable, failed }) === 1 && this.lingerMs > 0) {
      this.pendingSince = performance.now();
    }
    // While a request is in flight the batch grows; it goes out when that request ends, or
    // once its oldest message has lingered (sendAfterRequest).
    if (this.inFlight) return;
    if (this.pending.length >= this.maxBatchMessages) this.pump();
    else this.linger ??= this.afterLinger();
  }

  stats(): PublisherStats {
    return {
      mode: this.mode,
      ...this.counters,
      pending: this.pending.length,
      spoolBytes: this.spool?.sizeBytes ?? 0,
      spoolSegments: this.spool?.segmentCount ?? 0,
    };
  }

  /**
   * Sends (or spools) every pending message and waits for it, then stops replaying and
   * disconnects. Whatever is still spooled stays on disk and is replayed by the next start.
   */
  async close(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'closing';
    while (this.inFlight || this.pending.length > 0) {
      this.pump();
      await this.inFlight;
    }
    this.state = 'closed';
    this.probeDelay.interrupt();
    await this.replayDone;
    if (this.producer) this.discard(this.producer);
    this.producer = undefined;
    await Promise.all(this.disconnecting);
    await this.spool?.close();
  }

  private pump(): void {
    if (this.inFlight || this.pending.length === 0) return;
    this.linger?.cancel();
    this.linger = undefined;
    let batch: PendingPublish[];
    if (this.pending.length <= this.maxBatchMessages) {
      batch = this.pending;
      this.pending = [];
    } else {
      batch = this.pending.splice(0, this.maxBatchMessages);
    }
    this.inFlight = this.dispatchQueue
      .run(() => this.dispatch(batch))
      .catch((error: unknown) => {
        this.settle(batch, error);
      })
      .finally(() => {
        this.inFlight = undefined;
        this.sendAfterRequest();
      });
  }

  /**
   * The next batch after a request ends: at once without a linger (what came in meanwhile), when
   * it is full or the publisher closing; else once its oldest message has waited lingerMs.
   */
  private sendAfterRequest(): void {
    if (this.lingerMs <= 0 || this.state !== 'running' || this.pending.length >= this.maxBatchMessages) {
      this.pump();
      return;
    }
    if (this.pending.length === 0) return;
    const left = this.lingerMs - (performance.now() - this.pendingSince);
    if (left <= 0) this.pump();
    else this.linger ??= this.afterLinger(left);
  }

  /** Pumps once the linger is over: after this turn of the event loop, or after `ms`. */
  private afterLinger(ms = this.lingerMs): { readonly cancel: () => void } {
    const fire = (): void => {
      this.linger = undefined;
      this.pump();
    };
    if (this.lingerMs <= 0) {
      const immediate = setImmediate(fire);
      return {
        cancel: () => {
          clearImmediate(immediate);
        },
      };
    }
    const timer = setTimeout(fire, ms);
    return {
      cancel: () => {
        clearTimeout(timer);
      },
    };
  }

  private async dispatch(batch: PendingPublish[]): Promise<void> {
    this.counters.batches += 1;
    this.counters.batchedMessages += batch.length;
    this.counters.maxBatchSize = Math.max(this.counters.maxBatchSize, batch.length);
    const messages: OutgoingMessage[] = [];
    let bytesAtMost = 0;
    for (const entry of batch) {
      messages.push(entry.message);
      bytesAtMost += entry.bytesAtMost;
    }
    const started = performance.now();
    const producer = this.producer;
    if (this.mode === 'direct' && producer) {
      try {
        await sendAcknowledged(producer, messages, this.ackTimeoutMs, bytesAtMost);
        this.counters.published += batch.length;
        this.options.onBatchDurable?.('acked', secondsSince(started));
        this.tellDurable(batch, ACKED);
        return;
      } catch (error) {
        // The ack may only have been lost: the batch can then reach Kafka twice (see README).
        this.logger.warn(
          { ...errorContext(error), messages: batch.length },
          'Kafka did not acknowledge a batch: spooling until it answers',
        );
        this.producer = undefined;
        this.discard(producer);
        this.enterSpooling();
      }
    }
    await this.requireSpool().append(messages);
    this.counters.spooled += batch.length;
    this.options.onBatchDurable?.('spooled', secondsSince(started));
    this.tellDurable(batch, SPOOLED);
  }

  private settle(batch: readonly PendingPublish[], error: unknown): void {
    this.counters.rejected += batch.length;
    this.callEach(batch, (entry) => {
      entry.failed(error);
    });
  }

  private tellDurable(batch: readonly PendingPublish[], receipt: PublishReceipt): void {
    this.callEach(batch, (entry) => {
      entry.durable(receipt);
    });
  }

  /**
   * Never throws: a callback that did would send dispatch to its catch, which spools a batch Kafka
   * has acknowledged (it would reach Kafka twice), and leave the rest of the batch unanswered.
   */
  private callEach(batch: readonly PendingPublish[], call: (entry: PendingPublish) => void): void {
    for (const entry of batch) {
      try {
        call(entry);
      } catch (thrown) {
        this.callbackThrew(thrown);
      }
    }
  }

  private callbackThrew(error: unknown): void {
    this.logger.error(
      errorContext(error),
      "a publish callback threw (a bug in its caller); the batch's others were still called",
    );
  }

  private enterSpooling(): void {
    this.mode = 'spooling';
    if (this.replayActive) return;
    this.replayActive = true;
    this.replayDone = this.replayLoop();
  }

  /** Probes Kafka until it answers, drains the spool oldest segment first, then goes direct. */
  private async replayLoop(): Promise<void> {
    const spool = this.requireSpool();
    let producer: Producer | undefined;
    let failures = 0;
    while (this.state === 'running') {
      try {
        if (!producer) {
          producer = this.createProducer();
          await withTimeout(producer.connect(), this.connectTimeoutMs, 'Kafka connection');
        }
        await spool.seal();
        for (const segment of spool.sealedSegments()) {
          if (!this.isRunning()) break;
          const messages = await spool.read(segment);
          for (let at = 0; at < messages.length; at += this.maxBatchMessages) {
            const chunk = messages.slice(at, at + this.maxBatchMessages);
            await sendAcknowledged(producer, chunk, this.ackTimeoutMs);
            this.counters.replayed += chunk.length;
          }
          // Only now: a crash before this line replays the whole segment again (duplicates).
          await spool.delete(segment);
        }
        const connected = producer;
        const switched = await this.dispatchQueue.run(() => {
          if (this.state !== 'running' || !spool.isEmpty) return false;
          this.producer = connected;
          this.mode = 'direct';
          this.replayActive = false;
          return true;
        });
        if (switched) {
          this.logger.info(
            { replayed: this.counters.replayed },
            'spool drained: publishing to Kafka directly',
          );
          return;
        }
        failures = 0;
      } catch (error) {
        if (failures++ === 0)
          this.logger.warn(errorContext(error), 'spool replay: Kafka unreachable, probing');
        if (producer) this.discard(producer);
        producer = undefined;
        await this.probeDelay.wait(this.probeIntervalMs);
      }
    }
    if (producer) this.discard(producer);
    this.replayActive = false;
  }

  /** A method, not a field read: the state changes while replay awaits, which narrowing cannot see. */
  private isRunning(): boolean {
    return this.state === 'running';
  }

  private createProducer(): Producer {
    return this.options.kafka.producer({
      createPartitioner: keyHashPartitioner,
      idempotent: true,
      // kafkajs requires a single in-flight request per connection for idempotence.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Bounded, so a request to a dead broker fails and the batch is spooled instead of waiting.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  /** Disconnects in the background; close() waits for every such disconnect. */
  private discard(producer: Producer): void {
    const done = producer
      .disconnect()
      .catch((error: unknown) => {
        this.logger.warn(errorContext(error), 'Kafka producer did not disconnect cleanly');
      })
      .finally(() => this.disconnecting.delete(done));
    this.disconnecting.add(done);
  }

  private requireSpool(): DiskSpool {
    if (!this.spool) throw new PublisherClosedError();
    return this.spool;
  }
}
