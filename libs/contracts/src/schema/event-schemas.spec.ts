import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { createEvent, validateEvent, validateEventByClass } from '../event-validation';
import { EVENT_DEFINITIONS, EVENT_TOPICS, type EventTopic } from '../event-map';
import { SAMPLE_DATA } from '../event-samples.fixture';
import { eventSchema } from './event-schemas';

// A standard JSON Schema validator, as a consumer in another language or team would use: the
// committed schemas must say exactly what the event classes check.
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
const validators = new Map<EventTopic, ValidateFunction>();

function schemaValidator(topic: EventTopic): ValidateFunction {
  let validate = validators.get(topic);
  if (!validate) {
    validate = ajv.compile(committedSchema(topic));
    validators.set(topic, validate);
  }
  return validate;
}

/** The failing paths by the committed JSON Schema; empty when valid. */
function schemaErrors(topic: EventTopic, event: unknown): string[] {
  const validate = schemaValidator(topic);
  return validate(event)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? ''}`);
}

const SCHEMAS_DIR = join(__dirname, '..', '..', 'schemas');

function committedSchema(topic: EventTopic): Record<string, never> {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, EVENT_DEFINITIONS[topic].schemaFile), 'utf8')) as Record<
    string,
    never
  >;
}

function sampleEvent(topic: EventTopic): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(
      createEvent(topic, SAMPLE_DATA[topic] as never, {
        id: '11111111-2222-4333-8444-555555555555',
        occurredAt: '2025-01-02T03:04:05.000Z',
      }),
    ),
  ) as Record<string, unknown>;
}

/** Every path to a property in a JSON value (objects and arrays), e.g. ['data', 'offers', 0, 'url']. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => [[...prefix, i], ...paths(item, [...prefix, i])]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => [
      [...prefix, key],
      ...paths(child, [...prefix, key]),
    ]);
  }
  return [];
}

function mutate(
  event: Record<string, unknown>,
  path: (string | number)[],
  replacement: unknown,
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else Reflect.deleteProperty(parent, last);
  } else {
    parent[last] = replacement;
  }
  return copy;
}

const DELETE = Symbol('delete');
const REPLACEMENTS: unknown[] = [
  DELETE,
  null,
  12345,
  1.5,
  true,
  '',
  'x'.repeat(5000),

  'not valid',
  [],
  {},
  -1,
];

/** Where a stock JSON Schema validator is more lenient than the classes (formats, lengths). */
const LENIENT_SPOTS: unknown[] = [
  'urn:uuid:11111111-2222-4333-8444-555555555555',
  '11111111-2222-0333-0444-555555555555',
  '2025-01-02t03:04:05.000Z',
  '2025-12-31T23:59:60Z',
  '\u{1F600}'.repeat(40),
  '\u{1F600}'.repeat(300),
  '\u{1F600}'.repeat(1500),
  'e\uFE0F'.repeat(300),
  'ab\u{1F600}',
];

describe.each(EVENT_TOPICS)('contract of %s', (topic) => {
  it('validateEvent (compiled schema first) never accepts what the class refuses, where stock formats are lenient', () => {
    const event = sampleEvent(topic);
    const disagreements: string[] = [];
    for (const path of paths(event)) {
      for (const replacement of [...REPLACEMENTS, ...LENIENT_SPOTS]) {
        const mutated = mutate(event, path, replacement);
        const byClass = validateEventByClass(topic, mutated).ok;
        if (validateEvent(topic, mutated).ok !== byClass)
          disagreements.push(
            `${path.join('.')} = ${String(replacement).slice(0, 20)}: class ${String(byClass)}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('the committed JSON Schema is exactly what the event class generates (run scripts/generate-schemas.ts)', () => {
    expect(committedSchema(topic)).toEqual(eventSchema(topic));
  });

  it('accepts the sample event, both as a class and by the schema', () => {
    const event = sampleEvent(topic);
    expect(validateEvent(topic, event)).toMatchObject({ ok: true });
    expect(validateEventByClass(topic, event)).toMatchObject({ ok: true });
    expect(schemaErrors(topic, event)).toEqual([]);
  });

  it('class and schema agree on every mutation of every property of the sample', () => {
    const event = sampleEvent(topic);
    const disagreements: string[] = [];
    let rejected = 0;
    for (const path of paths(event)) {
      for (const replacement of REPLACEMENTS) {
        const mutated = mutate(event, path, replacement);
        const byClass = validateEventByClass(topic, mutated).ok;
        // validateEvent (the compiled schema first, then the class) gives the class's verdict.
        expect(validateEvent(topic, mutated).ok).toBe(byClass);
        const bySchema = schemaErrors(topic, mutated).length === 0;
        if (!byClass) rejected++;
        if (byClass !== bySchema) {
          disagreements.push(
            `${path.join('.')} = ${String(replacement).slice(0, 20)}: class ${byClass}, schema ${bySchema}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(rejected).toBeGreaterThan(paths(event).length); // the mutations really exercise the rules
  });

  it('class and schema agree on random values at random properties', () => {
    const event = sampleEvent(topic);
    const allPaths = paths(event);
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        const mutated = mutate(event, path, value);
        const byClass = validateEventByClass(topic, mutated).ok;
        expect(schemaErrors(topic, mutated).length === 0).toBe(byClass);
        expect(validateEvent(topic, mutated).ok).toBe(byClass);
      }),
      { numRuns: 300 },
    );
  });
});
