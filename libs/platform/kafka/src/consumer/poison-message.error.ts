import type { IncomingMessage } from '../kafka-message';
import { KafkaPlatformError } from '../kafka-platform.error';

const identity = (message: IncomingMessage): string =>
  `${message.topic}/${String(message.partition)}/${message.offset}`;

/**
 * Thrown by a handler for messages that can never succeed (a retry cannot fix them): the runner
 * sends exactly those to the dead-letter topic and calls the handler again with the others.
 */
export class PoisonMessageError extends KafkaPlatformError {
  readonly code = 'kafka.poison-message';
  private readonly identities: ReadonlySet<string>;

  constructor(
    messages: readonly { readonly message: IncomingMessage }[],
    readonly reason: string,
  ) {
    super(`${String(messages.length)} poison message(s): ${reason}`);
    this.identities = new Set(messages.map((entry) => identity(entry.message)));
  }

  concerns(message: IncomingMessage): boolean {
    return this.identities.has(identity(message));
  }
}
