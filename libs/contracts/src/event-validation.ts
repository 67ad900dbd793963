import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync, type ValidationError } from 'class-validator';
import { bareRecord, ownEntry } from '@clickledger/tracking';
import { createEnvelope, type EnvelopeOptions } from './envelope';
import { EVENT_DEFINITIONS, type EventDataOf, type EventOf, type EventTopic } from './event-map';
import { isStrictIso8601 } from './validation/instant';
import { recordPlanOf, withRecordsReplaced, type ClassRef } from './record-plan';
import { eventSchema } from './schema/event-schemas';

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
  // The common case, fast: the topic's JSON Schema (generated from the same class, and proven to
  // agree with it on every mutation of every property, see event-schemas.spec.ts) compiled once.
  // A valid event is used as parsed; only an invalid one goes through the class for its messages.
  if (schemaValidator(topic)(value)) {
    const eventClass = EVENT_DEFINITIONS[topic].eventClass as unknown as ClassRef;
    return {
      ok: true,
      event: withBareRecords(eventClass, value as Record<string, unknown>) as EventOf<T>,
    };
  }
  return validateEventByClass(topic, value);
}

/**
 * The event class's own verdict (class-transformer, class-validator) with every failing path: what
 * the compiled schema is proven against, and where an invalid event's messages come from.
 */
export function validateEventByClass<T extends EventTopic>(
  topic: T,
  value: unknown,
): EventValidationResult<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: ['event must be a JSON object'] };
  }
  const eventClass = EVENT_DEFINITIONS[topic].eventClass as unknown as new () => EventOf<T>;
  let instance: EventOf<T>;
  try {
    const detached: DetachedRecord[] = [];
    const safe = detachStringRecords(eventClass, value as Record<string, unknown>, [], detached);
    instance = plainToInstance(eventClass, safe);
    reattach(instance, detached);
  } catch (error) {
    return {
      ok: false,
      errors: [`event could not be read: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const errors = validateSync(instance, { forbidUnknownValues: true });
  return errors.length === 0 ? { ok: true, event: instance } : { ok: false, errors: flatten(errors, '') };
}

/**
 * Never more lenient than the classes: the formats are the decorators' own checks (ajv-formats
 * accepts `urn:uuid:…`, a lower-case `t`, a leap second); lengths count UTF-16 code units like
 * `.length` (the classes count the same or fewer); patterns run as the decorators' RegExps do,
 * without the `u` flag. Where the schema is stricter, the class decides (see validateEvent).
 */
const ajv = new Ajv2020({
  strict: true,
  // `unicode: false` is what makes lengths count `.length`; ajv logs it as deprecated (it is
  // still honoured), and logs nothing else we use.
  logger: false,
  unicode: false,
  unicodeRegExp: false,
  formats: {
    uuid: (value: string) => isUUID(value),
    'date-time': isStrictIso8601,
  },
});
const schemaValidators = new Map<EventTopic, ValidateFunction>();

/** The compiled JSON Schema validator of `topic` (compiled on first use, then kept). */
function schemaValidator(topic: EventTopic): ValidateFunction {
  let validate = schemaValidators.get(topic);
  if (validate === undefined) {
    validate = ajv.compile(eventSchema(topic));
    schemaValidators.set(topic, validate);
  }
  return validate;
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

interface DetachedRecord {
  readonly path: readonly string[];
  readonly value: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of `value` in which every string record (raw request parameters: keys chosen by a
 * client) is replaced by `{}` and set aside. class-transformer walks the keys of what it converts
 * and throws on `constructor`, or silently drops `__proto__`, `toString`, `hasOwnProperty`
 * (issue 12): those records must never reach it.
 */
function detachStringRecords(
  type: ClassRef,
  value: Record<string, unknown>,
  path: readonly string[],
  detached: DetachedRecord[],
): Record<string, unknown> {
  const plan = recordPlanOf(type);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    let kept = item;
    if (plan.records.includes(key)) {
      detached.push({ path: [...path, key], value: item });
      kept = {};
    } else {
      const nested = plan.nested.find((entry) => entry.key === key);
      if (nested && isPlainObject(item))
        kept = detachStringRecords(nested.type, item, [...path, key], detached);
    }
    ownEntry(copy, key, kept);
  }
  return copy;
}

/**
 * `value` with every string record (raw request parameters: keys chosen by a client) as a bare
 * record, as the class path gives them: `params.constructor` is then a parameter or nothing, never
 * an inherited member. Bare, not null-prototype: V8 keeps a null-prototype map in dictionary mode,
 * and the consumer reads and copies each record again (see bareRecord).
 */
function withBareRecords(type: ClassRef, value: Record<string, unknown>): Record<string, unknown> {
  return withRecordsReplaced(type, value, inBareRecord);
}

/** The entries of `record` in a bare record; a `__proto__` key stays an own entry (no setter on its chain). */
const inBareRecord = (record: object): object => Object.assign(bareRecord(), record);

/** Puts the records back, as bare records, for the validator and the consumer. */
function reattach(instance: object, detached: readonly DetachedRecord[]): void {
  for (const { path, value } of detached) {
    let target: unknown = instance;
    for (const key of path.slice(0, -1)) target = isPlainObject(target) ? target[key] : undefined;
    const last = path.at(-1);
    if (!isPlainObject(target) || last === undefined) continue;
    ownEntry(target, last, isPlainObject(value) ? inBareRecord(value) : value);
  }
}
