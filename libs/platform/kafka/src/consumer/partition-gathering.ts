import type { EachBatchPayload } from 'kafkajs';

/** One partition's batch waiting in a gathering: its messages and how to answer its eachBatch. */
interface Member<M, C> {
  readonly messages: readonly M[];
  readonly context: C;
  readonly settle: (result: GatheredResult) => void;
}

/** `handled`: the shared handler call succeeded; otherwise what it threw (each batch then goes on alone). */
export type GatheredResult =
  { readonly handled: true } | { readonly handled: false; readonly error: unknown };

/**
 * kafkajs hands each partition of a fetch to its own `eachBatch` (concurrently, up to
 * partitionsConsumedConcurrently). For a handler whose cost is per call (a transaction, a produce
 * request), a fetch at a low rate would then cost one call per partition for a few messages each.
 * The batches that reach `join` in the same turn of the event loop (one fetch's, started together)
 * are handed to the handler as one call instead, up to `maxMessages`; per partition, messages
 * keep their order. A larger batch is not gathered: under load each partition's batch is large
 * already, and separate calls keep running side by side.
 */
export class PartitionGathering<M, C> {
  private members: Member<M, C>[] = [];
  private size = 0;

  constructor(
    private readonly maxMessages: number,
    /** The gathered call; `first` is the first batch's context (its payload, to heartbeat). */
    private readonly handle: (messages: readonly M[], first: C) => Promise<void>,
  ) {}

  /** Whether a batch of `count` messages is gathered at all (else it is handled alone). */
  accepts(count: number): boolean {
    return count > 0 && count <= this.maxMessages;
  }

  /** Resolves once the gathered call this batch joined has ended; never rejects. */
  join(messages: readonly M[], context: C): Promise<GatheredResult> {
    if (this.size + messages.length > this.maxMessages) this.flush();
    return new Promise((settle) => {
      if (this.members.length === 0)
        setImmediate(() => {
          this.flush();
        });
      this.members.push({ messages, context, settle });
      this.size += messages.length;
    });
  }

  private flush(): void {
    const members = this.members;
    const first = members.at(0);
    if (!first) return;
    this.members = [];
    this.size = 0;
    // A synchronous throw becomes a rejection: every member is answered whatever happens.
    new Promise<void>((resolve) => {
      resolve(
        this.handle(
          members.flatMap((member) => member.messages),
          first.context,
        ),
      );
    }).then(
      () => {
        for (const member of members) member.settle({ handled: true });
      },
      (error: unknown) => {
        for (const member of members) member.settle({ handled: false, error });
      },
    );
  }
}

/** A partition's offset to commit: the batch's payload, and the offset after its last message. */
interface PendingCommit {
  readonly payload: EachBatchPayload;
  readonly offset: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Offsets committed in the same turn of the event loop (the batches of one gathered call end
 * together) go to the group coordinator as one OffsetCommit request, through the first batch's
 * payload: kafkajs's payload commit is the consumer group's, and unlike consumer.commitOffsets()
 * it is not skipped once stop() has begun.
 */
export class GatheredCommits {
  private pending: PendingCommit[] = [];

  commit(payload: EachBatchPayload, offset: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0)
        setImmediate(() => {
          void this.flush();
        });
      this.pending.push({ payload, offset, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    const first = pending.at(0);
    if (!first) return;
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { payload, offset } of pending) {
      const partitions = byTopic.get(payload.batch.topic) ?? [];
      partitions.push({ partition: payload.batch.partition, offset });
      byTopic.set(payload.batch.topic, partitions);
    }
    try {
      await first.payload.commitOffsetsIfNecessary({
        topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      });
      for (const entry of pending) entry.resolve();
    } catch (error) {
      for (const entry of pending) entry.reject(error);
    }
  }
}
