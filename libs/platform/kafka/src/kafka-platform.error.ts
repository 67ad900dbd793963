/** Errors of this library carry a stable code, so an HTTP filter can map them (e.g. to 503). */
export abstract class KafkaPlatformError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The disk spool has reached its size bound: the message is neither in Kafka nor on disk. */
export class SpoolFullError extends KafkaPlatformError {
  readonly code = 'kafka.spool-full';

  constructor(
    readonly spoolBytes: number,
    readonly maxBytes: number,
  ) {
    super(`Kafka is unreachable and the local spool is full (${spoolBytes} of ${maxBytes} bytes)`);
  }
}

export class PublisherClosedError extends KafkaPlatformError {
  readonly code = 'kafka.publisher-closed';

  constructor() {
    super('The publisher is not running (not started yet, or closed)');
  }
}

/** Rejected before batching: a broker would refuse it and it would block the spool forever. */
export class MessageTooLargeError extends KafkaPlatformError {
  readonly code = 'kafka.message-too-large';

  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`Message of ${bytes} bytes exceeds the limit of ${maxBytes} bytes`);
  }
}

/** A spool file failed its integrity check somewhere other than a torn tail. */
export class SpoolCorruptError extends KafkaPlatformError {
  readonly code = 'kafka.spool-corrupt';
}
