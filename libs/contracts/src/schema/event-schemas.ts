import { EVENT_DEFINITIONS, EVENT_TOPICS, type EventTopic } from '../event-map';
import { generateEventSchema, type JsonSchema } from './json-schema.generator';

export const SCHEMA_ID_BASE = 'https://clickledger.dev/schemas/';

/** The JSON Schema of the event on `topic`, as committed in libs/contracts/schemas/. */
export function eventSchema(topic: EventTopic): JsonSchema {
  const definition = EVENT_DEFINITIONS[topic];
  return generateEventSchema(
    definition.eventClass,
    `${SCHEMA_ID_BASE}${definition.schemaFile}`,
    `${definition.type} v${definition.version} (topic ${topic})`,
  );
}

export function allEventSchemas(): {
  readonly topic: EventTopic;
  readonly file: string;
  readonly schema: JsonSchema;
}[] {
  return EVENT_TOPICS.map((topic) => ({
    topic,
    file: EVENT_DEFINITIONS[topic].schemaFile,
    schema: eventSchema(topic),
  }));
}
