import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { createEnvelope, type EnvelopeOptions } from './envelope';
import { EVENT_DEFINITIONS, type EventDataOf, type EventOf, type EventTopic } from './event-map';

export type EventValidationResult<T extends EventTopic> =
  | { readonly ok: true; readonly event: EventOf<T> }
  | { readonly ok: false; readonly errors: readonly string[] };

/** A new envelope for `topic` with its contract's type and version. */
export function createEvent<T extends EventTopic>(
  topic: T,
  data: EventDataOf<T>,
  options?: EnvelopeOptions,
): EventOf<T> {
  const definition = EVENT_DEFINITIONS[topic];
  return createEnvelope(definition.type, definition.version, data, options) as EventOf<T>;
}

/**
 * Checks a decoded JSON value against the event class of `topic`. Never throws on bad input:
 * returns every failing path instead (`data.payout.amount: …`), for a dead-letter header or a log.
 * Unknown extra fields are allowed so producers can add fields without breaking older consumers.
 */
export function validateEvent<T extends EventTopic>(topic: T, value: unknown): EventValidationResult<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: ['event must be a JSON object'] };
  }
  const eventClass = EVENT_DEFINITIONS[topic].eventClass as unknown as new () => EventOf<T>;
  let instance: EventOf<T>;
  try {
    instance = plainToInstance(eventClass, value);
  } catch (error) {
    return {
      ok: false,
      errors: [`event could not be read: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const errors = validateSync(instance, { forbidUnknownValues: true });
  return errors.length === 0 ? { ok: true, event: instance } : { ok: false, errors: flatten(errors, '') };
}

/** Parses JSON text (or a Kafka message value) and validates it as an event of `topic`. */
export function decodeEvent<T extends EventTopic>(topic: T, raw: string | Buffer): EventValidationResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { ok: false, errors: ['event is not valid JSON'] };
  }
  return validateEvent(topic, value);
}

function flatten(errors: readonly ValidationError[], prefix: string): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flatten(error.children ?? [], `${path}.`)];
  });
}
