import type { JsonSchema } from './json-schema.generator';

/**
 * The subset of JSON Schema 2020-12 our generated schemas use, for specs only: an independent
 * check that a schema accepts and rejects what the event classes do. (No schema validator is a
 * declared dependency of the repo; consumers in other languages use their own.)
 */
export function schemaErrors(
  schema: JsonSchema,
  value: unknown,
  root: JsonSchema = schema,
  path = '$',
): string[] {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace('#/$defs/', '');
    return schemaErrors((root['$defs'] as Record<string, JsonSchema>)[name] ?? {}, value, root, path);
  }
  const errors: string[] = [];
  const anyOf = schema['anyOf'] as JsonSchema[] | undefined;
  if (anyOf && !anyOf.some((option) => schemaErrors(option, value, root, path).length === 0)) {
    errors.push(`${path}: matches no anyOf option`);
  }
  const type = schema['type'] as string | string[] | undefined;
  if (type !== undefined && !(Array.isArray(type) ? type : [type]).some((t) => hasType(value, t))) {
    return [...errors, `${path}: not of type ${JSON.stringify(type)}`];
  }
  if ('const' in schema && value !== schema['const']) errors.push(`${path}: not the constant`);
  const enumValues = schema['enum'] as unknown[] | undefined;
  if (enumValues && !enumValues.includes(value)) errors.push(`${path}: not in enum`);
  if (typeof value === 'string') errors.push(...stringErrors(schema, value, path));
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum'])
      errors.push(`${path}: below minimum`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum'])
      errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems'])
      errors.push(`${path}: too many items`);
    const items = schema['items'] as JsonSchema | undefined;
    if (items) value.forEach((item, i) => errors.push(...schemaErrors(items, item, root, `${path}[${i}]`)));
  } else if (typeof value === 'object' && value !== null) {
    errors.push(...objectErrors(schema, value as Record<string, unknown>, root, path));
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function stringErrors(schema: JsonSchema, value: string, path: string): string[] {
  const errors: string[] = [];
  const length = Array.from(value).length; // code points, like class-validator's isLength
  if (typeof schema['minLength'] === 'number' && length < schema['minLength'])
    errors.push(`${path}: too short`);
  if (typeof schema['maxLength'] === 'number' && length > schema['maxLength'])
    errors.push(`${path}: too long`);
  if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) {
    errors.push(`${path}: does not match pattern`);
  }
  if (schema['format'] === 'uuid' && !UUID.test(value)) errors.push(`${path}: not a uuid`);
  if (schema['format'] === 'date-time' && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    errors.push(`${path}: not a date-time`);
  }
  return errors;
}

function objectErrors(
  schema: JsonSchema,
  value: Record<string, unknown>,
  root: JsonSchema,
  path: string,
): string[] {
  const errors: string[] = [];
  const properties = (schema['properties'] ?? {}) as Partial<Record<string, JsonSchema>>;
  for (const name of (schema['required'] ?? []) as string[]) {
    if (!(name in value)) errors.push(`${path}.${name}: required`);
  }
  if (typeof schema['maxProperties'] === 'number' && Object.keys(value).length > schema['maxProperties']) {
    errors.push(`${path}: too many properties`);
  }
  const additional = schema['additionalProperties'] as JsonSchema | undefined;
  for (const [name, child] of Object.entries(value)) {
    const childSchema = properties[name] ?? additional;
    if (childSchema) errors.push(...schemaErrors(childSchema, child, root, `${path}.${name}`));
  }
  return errors;
}
