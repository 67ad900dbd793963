/**
 * The click could be neither acknowledged by Kafka nor written to the local spool (spool full,
 * disk error, publisher closing): the visitor gets 503 with Retry-After, never a redirect whose
 * click would be lost, and never a 500 (CONTRACT §3).
 */
export class ClickNotDurableError extends Error {
  readonly code = 'click.not-durable';

  constructor(cause: unknown) {
    super('the click could not be made durable', { cause });
    this.name = 'ClickNotDurableError';
  }
}
