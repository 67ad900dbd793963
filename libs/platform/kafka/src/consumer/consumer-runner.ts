import type { Consumer, EachBatchPayload, Producer } from 'kafkajs';
import type { KafkaClient } from '../kafka-client';
import type { IncomingMessage } from '../kafka-message';
import { errorContext, STDERR_LOGGER, type PlatformLogger } from '../logger';
import { backoffDelay } from '../timing';
import { publishDeadLetters, type DeadLetter } from './dead-letter.publisher';
import { toIncomingMessage } from './incoming-message';
import { PoisonMessageError } from './poison-message.error';
import { GatheredCommits, PartitionGathering } from './partition-gathering';
import { HandlerSlots } from './handler-slots';
import { keyHashPartitioner } from '../publisher/key-hash-partitioner';

export type DecodeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface ConsumedMessage<T> {
  readonly value: T;
  readonly message: IncomingMessage;
}

export interface ConsumerRetryOptions {
  /** Handler attempts per batch, the first included (default 5). */
  readonly attempts?: number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * What happens when a batch still fails after every attempt:
 * - `stop` (default): the runner stops without committing, logs the error and calls onFatalError;
 *   the batch is redelivered after a restart.
 * - `keep-retrying`: the runner calls onStalled and goes on retrying the batch at the longest
 *   back-off, never committing past it, until it succeeds (then onRecovered) or the runner is
 *   stopped. Right when failures mean a dependency is down: the consumer heals by itself when it
 *   is back, and nothing of the outage is moved aside.
 * - `dead-letter`: the batch's messages go to `<topic>.dlq` with the error, and consumption goes on.
 */
export type RetriesExhaustedPolicy = 'stop' | 'keep-retrying' | 'dead-letter';

/** What a fetch gathers before the broker answers it when the consumer batches (`batchedFetch`). */
const BATCHED_FETCH_MIN_BYTES = 64 * 1024;

/**
 * Fetch options for a consumer whose work per batch costs far more than per message (a database
 * transaction, a commit): the broker holds a fetch until 64 KiB are there or `waitMs` has passed.
 * Under load the bytes are there at once and nothing waits; at a low rate messages arrive
 * together, up to `waitMs` later, instead of one transaction each. 0 answers every fetch as soon
 * as anything is there (waiting at most 500 ms when nothing is).
 */
export function batchedFetch(waitMs: number): { minBytes: number; maxWaitTimeMs: number } {
  return waitMs > 0
    ? { minBytes: BATCHED_FETCH_MIN_BYTES, maxWaitTimeMs: waitMs }
    : { minBytes: 1, maxWaitTimeMs: 500 };
}

export interface ConsumerRunnerOptions<T> {
  readonly kafka: KafkaClient;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning?: boolean;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly maxBytesPerPartition?: number;
  /** Longest a fetch waits for new data; also bounds how long stop() waits for an idle fetch. */
  readonly maxWaitTimeMs?: number;
  /**
   * Bytes the broker gathers (for at most maxWaitTimeMs) before it answers a fetch. 1, the
   * default, answers as soon as anything is there: at a low rate each message is then a batch of
   * its own, with its own transaction and commit. See `batchedFetch`.
   */
  readonly minBytes?: number;
  /** Decodes and validates one message; `ok: false` (or a throw) sends it to the dead-letter topic. */
  readonly decode: (message: IncomingMessage) => DecodeResult<T>;
  /**
   * With partitionsConsumedConcurrently > 1: the batches of one fetch holding at most this many
   * messages in all are handed to `handle` as one call (partitions' messages in order), and their
   * offsets committed in one request; a larger batch is handled alone. Should the gathered call
   * fail, each batch is handled on its own again, with the usual retries and dead-lettering. For
   * a handler whose cost is per call (a transaction): at a low rate a fetch then costs one call,
   * not one per partition. 0 (default): every batch on its own.
   */
  readonly gatherUpTo?: number;
  /**
   * How many batches this member hands to `handle` at once, of those it does not gather (every
   * batch without `gatherUpTo`; under load, each partition's); the others wait their turn. Each
   * is a transaction under load: with fewer side by side, the database runs fewer transactions on
   * the same pages at once and the process holds fewer batches' work in memory (less for the
   * garbage collector to copy). A batch backing off between attempts does not hold its turn.
   * Default: no limit (partitionsConsumedConcurrently decides).
   */
  readonly largeBatchesAtOnce?: number;
  /** Handles the valid messages of one batch; must be idempotent (delivery is at-least-once). */
  readonly handle: (messages: readonly ConsumedMessage<T>[]) => Promise<void>;
  readonly retry?: ConsumerRetryOptions;
  readonly onRetriesExhausted?: RetriesExhaustedPolicy;
  /** Called once when the runner stops by itself (retries exhausted, consumer crash). */
  readonly onFatalError?: (error: unknown) => void;
  /** `keep-retrying`: a batch of this partition used up its attempts and is being retried on. */
  readonly onStalled?: (partition: PartitionRef, error: unknown) => void;
  /** `keep-retrying`: the stalled batch of this partition succeeded at last (or was given up: stop, rebalance). */
  readonly onRecovered?: (partition: PartitionRef) => void;
  readonly logger?: PlatformLogger;
}

export interface ConsumerStats {
  readonly state: ConsumerState;
  readonly batches: number;
  readonly handled: number;
  readonly deadLettered: number;
  readonly retries: number;
  /** Partitions whose batch used up its attempts and is being retried on (`keep-retrying`). */
  readonly stalledPartitions: number;
}

/** Messages after the last committed batch of a partition, as of that batch's fetch. */
export interface PartitionLag extends PartitionRef {
  readonly messages: number;
}

export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

export type ConsumerState = 'idle' | 'running' | 'stopping' | 'stopped' | 'failed';

type BatchOutcome = 'done' | 'abandoned';

/** Slice of a back-off sleep: heartbeats and stop requests are noticed this often. */
const BACKOFF_SLICE_MS = 100;

const partitionOf = (payload: EachBatchPayload): PartitionRef => ({
  topic: payload.batch.topic,
  partition: payload.batch.partition,
});

const partitionKey = ({ topic, partition }: PartitionRef): string => `${topic}/${String(partition)}`;

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Runs a consumer group member with at-least-once processing: per batch it decodes every message,
 * dead-letters the invalid ones (acks=all, before committing past them), hands the valid ones to
 * the handler as one array, and commits the batch's offsets only after the handler resolved.
 * A failing handler is retried with bounded exponential back-off, heartbeating meanwhile.
 */
export class ConsumerRunner<T> {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly logger: PlatformLogger;
  private readonly attempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly heartbeatIntervalMs: number;
  private currentState: ConsumerState = 'idle';
  private shutdown: Promise<void> | undefined;
  private failureReason: unknown;
  private readonly counters = { batches: 0, handled: 0, deadLettered: 0, retries: 0 };
  /** By `topic/partition`, for the metrics; cleared on each group join (assignments change). */
  private readonly lagByPartition = new Map<string, PartitionLag>();
  private readonly stalled = new Set<string>();
  private readonly gathering: PartitionGathering<ConsumedMessage<T>, EachBatchPayload> | undefined;
  private readonly commits: GatheredCommits | undefined;
  private readonly largeBatchSlots: HandlerSlots | undefined;

  constructor(private readonly options: ConsumerRunnerOptions<T>) {
    this.logger = options.logger ?? STDERR_LOGGER;
    this.attempts = Math.max(1, options.retry?.attempts ?? 5);
    this.initialDelayMs = options.retry?.initialDelayMs ?? 200;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 5000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3000;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.heartbeatIntervalMs,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 1000,
      minBytes: options.minBytes ?? 1,
      ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
    });
    if ((options.gatherUpTo ?? 0) > 0 && (options.partitionsConsumedConcurrently ?? 1) > 1) {
      this.gathering = new PartitionGathering(options.gatherUpTo ?? 0, (messages, first) =>
        this.withHeartbeats(first, () => this.options.handle(messages)),
      );
      this.commits = new GatheredCommits();
    }
    if (options.largeBatchesAtOnce !== undefined)
      this.largeBatchSlots = new HandlerSlots(options.largeBatchesAtOnce);
    this.producer = options.kafka.producer({
      createPartitioner: keyHashPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get state(): ConsumerState {
    return this.currentState;
  }

  /** Why the runner stopped by itself, when state is `failed`. */
  get failure(): unknown {
    return this.failureReason;
  }

  stats(): ConsumerStats {
    return { state: this.currentState, ...this.counters, stalledPartitions: this.stalled.size };
  }

  /** Lag of each partition this member committed a batch of since it last joined the group. */
  partitionLag(): PartitionLag[] {
    return [...this.lagByPartition.values()];
  }

  /** Joins the group and starts consuming; resolves once subscribed and running. */
  async start(): Promise<void> {
    if (this.currentState !== 'idle') throw new Error('ConsumerRunner.start() may be called once');
    this.currentState = 'running';
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.lagByPartition.clear();
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (!event.payload.restart)
        this.fail(event.payload.error, 'Kafka consumer crashed and will not restart');
    });
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [...this.options.topics],
      fromBeginning: this.options.fromBeginning ?? false,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  /** Lets the current batch finish and commit, then leaves the group and disconnects. */
  async stop(): Promise<void> {
    if (this.currentState === 'idle') {
      this.currentState = 'stopped';
      return;
    }
    if (this.currentState === 'running') this.currentState = 'stopping';
    await this.disconnect();
    if (this.currentState === 'stopping') this.currentState = 'stopped';
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (this.currentState === 'failed' || batch.messages.length === 0) return;
    const incoming = batch.messages.map((message) =>
      toIncomingMessage(batch.topic, batch.partition, message),
    );
    const valid: ConsumedMessage<T>[] = [];
    const poison: DeadLetter[] = [];
    for (const message of incoming) {
      const result = this.decode(message);
      if (result.ok) valid.push({ value: result.value, message });
      else poison.push({ message, error: result.error });
    }

    const { remaining, letters } = await this.handleGathered(valid, poison, payload);
    const outcome = await this.handleWithRetries(remaining, letters, payload);
    if (outcome === 'abandoned') return; // not committed: redelivered to whoever consumes next

    const last = incoming.at(-1);
    if (!last) return;
    payload.resolveOffset(last.offset);
    const next = (BigInt(last.offset) + 1n).toString();
    // Through the batch payload, not consumer.commitOffsets(): kafkajs silently skips the latter
    // once stop() has begun, which would lose the commit of the batch that stop() waits for.
    await (this.commits
      ? this.commits.commit(payload, next)
      : payload.commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
        }));
    this.counters.batches += 1;
    this.lagByPartition.set(partitionKey(batch), {
      topic: batch.topic,
      partition: batch.partition,
      messages: Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n)),
    });
  }

  /**
   * The batch's valid messages handed over with the other small batches of its fetch (see
   * `gatherUpTo`); what is left for handleWithRetries: nothing once the gathered call succeeded,
   * the messages a PoisonMessageError named as letters, else the whole batch again, alone.
   */
  private async handleGathered(
    valid: readonly ConsumedMessage<T>[],
    poison: readonly DeadLetter[],
    payload: EachBatchPayload,
  ): Promise<{ remaining: readonly ConsumedMessage<T>[]; letters: readonly DeadLetter[] }> {
    if (!this.gathering || poison.length > 0 || !this.gathering.accepts(valid.length))
      return { remaining: valid, letters: poison };
    const result = await this.gathering.join(valid, payload);
    if (result.handled) {
      this.counters.handled += valid.length;
      return { remaining: [], letters: [] };
    }
    const { error } = result;
    if (!(error instanceof PoisonMessageError)) {
      this.logger.warn(
        { ...errorContext(error), ...this.batchContext(payload) },
        'gathered batches failed: handling this partition’s batch on its own',
      );
      return { remaining: valid, letters: [] };
    }
    return {
      remaining: valid.filter((entry) => !error.concerns(entry.message)),
      letters: valid
        .filter((entry) => error.concerns(entry.message))
        .map(({ message }) => ({ message, error: error.reason })),
    };
  }

  private decode(message: IncomingMessage): DecodeResult<T> {
    try {
      return this.options.decode(message);
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }

  private async handleWithRetries(
    valid: readonly ConsumedMessage<T>[],
    poison: readonly DeadLetter[],
    payload: EachBatchPayload,
  ): Promise<BatchOutcome> {
    let remaining = valid;
    let letters = poison;
    let attempt = 0;
    let stalled = false;
    const keepRetrying = this.options.onRetriesExhausted === 'keep-retrying';
    for (;;) {
      try {
        if (letters.length > 0) {
          await publishDeadLetters(this.producer, letters);
          this.counters.deadLettered += letters.length;
          letters = [];
        }
        if (remaining.length > 0) {
          const batch = remaining;
          const handleOnce = () => this.withHeartbeats(payload, () => this.options.handle(batch));
          await (this.largeBatchSlots ? this.largeBatchSlots.run(handleOnce) : handleOnce());
          this.counters.handled += remaining.length;
        }
        if (stalled) {
          this.logger.warn({ ...this.batchContext(payload), attempt }, 'stalled consumer batch succeeded');
          this.recovered(payload);
        }
        return 'done';
      } catch (error) {
        if (error instanceof PoisonMessageError && remaining.some((entry) => error.concerns(entry.message))) {
          // Only the named messages are poison: dead-letter them, hand the rest over again.
          letters = remaining
            .filter((entry) => error.concerns(entry.message))
            .map(({ message }) => ({ message, error: error.reason }));
          remaining = remaining.filter((entry) => !error.concerns(entry.message));
          continue;
        }
        attempt += 1;
        const context = {
          ...errorContext(error),
          ...this.batchContext(payload),
          attempt,
          attempts: this.attempts,
        };
        if (attempt >= this.attempts && !keepRetrying)
          return this.onRetriesExhausted(error, [
            ...letters,
            ...remaining.map(({ message }) => ({ message, error: describe(error) })),
          ]);
        this.counters.retries += 1;
        if (attempt === this.attempts) {
          stalled = true;
          this.logger.error(context, 'consumer batch failed after every attempt: retrying until it succeeds');
          this.stalled.add(partitionKey(payload.batch));
          this.options.onStalled?.(partitionOf(payload), error);
        } else if (attempt < this.attempts) {
          this.logger.warn(context, 'consumer batch failed; retrying with back-off');
        }
        let waited: boolean;
        try {
          waited = await this.backoff(backoffDelay(attempt, this.initialDelayMs, this.maxDelayMs), payload);
        } catch (backoffError) {
          // A heartbeat refused (a rebalance: kafkajs rejoins and the partition may go to another
          // member): the batch is given up here, so its partition is no longer stalled here.
          if (stalled) this.recovered(payload);
          throw backoffError;
        }
        if (!waited) {
          // Stopping, or the partition went to another member: it is no longer stalled here.
          if (stalled) this.recovered(payload);
          return 'abandoned';
        }
      }
    }
  }

  private recovered(payload: EachBatchPayload): void {
    this.stalled.delete(partitionKey(payload.batch));
    this.options.onRecovered?.(partitionOf(payload));
  }

  private async onRetriesExhausted(error: unknown, letters: readonly DeadLetter[]): Promise<BatchOutcome> {
    if (this.options.onRetriesExhausted === 'dead-letter') {
      try {
        await publishDeadLetters(this.producer, letters);
        this.counters.deadLettered += letters.length;
        this.logger.error(
          { ...errorContext(error), messages: letters.length },
          'consumer batch failed after every retry: dead-lettered',
        );
        return 'done';
      } catch (deadLetterError) {
        this.fail(deadLetterError, 'consumer could not dead-letter a failed batch: stopping');
        return 'abandoned';
      }
    }
    this.fail(error, 'consumer batch failed after every retry: stopping without committing it');
    return 'abandoned';
  }

  /** Runs the handler while heartbeating, so a long batch does not cost the group membership. */
  private async withHeartbeats(payload: EachBatchPayload, work: () => Promise<void>): Promise<void> {
    const timer = setInterval(() => {
      payload.heartbeat().catch((error: unknown) => {
        this.logger.warn(
          { ...errorContext(error), ...this.batchContext(payload) },
          'heartbeat during a batch failed (rebalance?)',
        );
      });
    }, this.heartbeatIntervalMs);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Sleeps in slices, heartbeating; false when the runner is stopping or has failed meanwhile. */
  private async backoff(ms: number, payload: EachBatchPayload): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!payload.isRunning() || this.currentState !== 'running') return false;
      await payload.heartbeat();
      await new Promise((resolve) => setTimeout(resolve, Math.min(BACKOFF_SLICE_MS, until - Date.now())));
    }
    return payload.isRunning() && this.currentState === 'running';
  }

  private fail(error: unknown, message: string): void {
    if (this.currentState === 'failed') return;
    this.currentState = 'failed';
    this.failureReason = error;
    this.logger.error({ ...errorContext(error), groupId: this.options.groupId }, message);
    // Not awaited: disconnecting waits for the batch in progress, which is the caller.
    void this.disconnect();
    this.options.onFatalError?.(error);
  }

  private disconnect(): Promise<void> {
    this.shutdown ??= (async () => {
      try {
        await this.consumer.disconnect();
      } finally {
        await this.producer.disconnect();
      }
    })().catch((error: unknown) => {
      this.logger.warn(errorContext(error), 'consumer did not disconnect cleanly');
    });
    return this.shutdown;
  }

  private batchContext(payload: EachBatchPayload): object {
    return {
      groupId: this.options.groupId,
      topic: payload.batch.topic,
      partition: payload.batch.partition,
      firstOffset: payload.batch.firstOffset(),
      lastOffset: payload.batch.lastOffset(),
    };
  }
}
