/**
 * Our own message shapes: services see these, never kafkajs types, so the client library stays
 * swappable (kafkajs is unmaintained since 2023).
 */
export type HeaderValue = string | Buffer;

export interface OutgoingMessage {
  readonly topic: string;
  /** Per-click events are keyed by click ID so a click and its postbacks share a partition. */
  readonly key: string | Buffer | null;
  /** null: a tombstone, which removes the key from a compacted topic. */
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit: kept as a decimal string. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
  /** Broker or producer timestamp, milliseconds since the epoch, as a string. */
  readonly timestamp: string;
}

/** `acked`: Kafka acknowledged it (acks=all). `spooled`: fsynced to the local spool, replayed later. */
export interface PublishReceipt {
  readonly status: 'acked' | 'spooled';
}
