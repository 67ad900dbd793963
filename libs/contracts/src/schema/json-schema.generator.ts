import { getMetadataStorage } from 'class-validator';
import { IS_STRING_RECORD } from '../validation/field-rules';
import { nestedTypeOf } from '../validation/nested-type.decorator';

/**
 * Derives a JSON Schema (draft 2020-12) from an event class's class-validator metadata, so the
 * committed schemas under libs/contracts/schemas/ are generated, never hand-edited
 * (libs/contracts/scripts/generate-schemas.ts writes them; a spec fails when they differ).
 * Only the decorators the contracts use are understood; any other fails loudly here, so a new
 * rule cannot silently go missing from the schemas.
 */
export type JsonSchema = { [keyword: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type ClassRef = abstract new (...args: never[]) => object;

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export function generateEventSchema(eventClass: ClassRef, id: string, title: string): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const root = objectSchema(eventClass, defs);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: id,
    title,
    ...root,
    $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function objectSchema(target: ClassRef, defs: Record<string, JsonSchema>): JsonSchema {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const byProperty = new Map<string, typeof metadata>();
  for (const entry of metadata) {
    byProperty.set(entry.propertyName, [...(byProperty.get(entry.propertyName) ?? []), entry]);
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [property, rules] of byProperty) {
    const schema: JsonSchema = {};
    let optional = false;
    for (const rule of rules) {
      const constraints = rule.constraints as unknown[] | undefined;
      const first = constraints?.[0];
      switch (rule.type) {
        case 'isDefined': // required unless @IsOptional, which is handled below
          break;
        case 'conditionalValidation':
          optional = true;
          break;
        case 'nestedValidation': {
          const nested = nestedTypeOf(target, property);
          if (!nested) throw new Error(`${target.name}.${property}: nested without @NestedType`);
          const name = nested.type.name.replace(/Dto$/, '');
          const ref = { $ref: `#/$defs/${name}` };
          if (!(name in defs)) {
            defs[name] = {}; // placeholder first: stops recursion on cycles
            defs[name] = objectSchema(nested.type, defs);
          }
          if (nested.each) schema['items'] = ref;
          else Object.assign(schema, ref);
          break;
        }
        case 'customValidation':
          if (rule.each) {
            // Only @NestedType's item check uses `each`; the item's $def already says "object".
            if (rule.name === 'isObject' && nestedTypeOf(target, property)?.each) break;
            throw new Error(
              `${target.name}.${property}: no JSON Schema mapping for @${rule.name ?? '?'} with each`,
            );
          }
          applyRule(schema, rule.name ?? '', constraints ?? [], first, `${target.name}.${property}`);
          break;
        default:
          throw new Error(`${target.name}.${property}: unsupported validation type ${rule.type}`);
      }
    }
    if (optional) {
      if (typeof schema['type'] === 'string') schema['type'] = [schema['type'], 'null'];
      if (Array.isArray(schema['enum'])) schema['enum'] = [...schema['enum'], null];
      if (typeof schema['$ref'] === 'string') {
        properties[property] = { anyOf: [{ $ref: schema['$ref'] }, { type: 'null' }] };
        continue;
      }
    } else {
      required.push(property);
    }
    properties[property] = schema;
  }
  return { type: 'object', properties, required };
}

function applyRule(
  schema: JsonSchema,
  name: string,
  constraints: unknown[],
  first: unknown,
  where: string,
): void {
  switch (name) {
    case 'isString':
      schema['type'] = 'string';
      return;
    case 'isInt':
      schema['type'] = 'integer';
      return;
    case 'isBoolean':
      schema['type'] = 'boolean';
      return;
    case 'isObject':
      schema['type'] = 'object';
      return;
    case 'isArray':
      schema['type'] = 'array';
      return;
    case 'arrayMaxSize':
      schema['maxItems'] = first as number;
      return;
    case 'min':
      schema['minimum'] = first as number;
      return;
    case 'max':
      schema['maximum'] = first as number;
      return;
    case 'isLength':
      schema['minLength'] = first as number;
      schema['maxLength'] = constraints[1] as number;
      return;
    case 'maxLength':
      schema['maxLength'] = first as number;
      return;
    case 'matches':
      schema['type'] = 'string';
      schema['pattern'] = (first as RegExp).source;
      return;
    case 'isIn':
      schema['enum'] = [...(first as JsonValue[])];
      return;
    case 'equals':
      schema['const'] = first as JsonValue;
      return;
    case 'isUuid':
      schema['type'] = 'string';
      schema['format'] = 'uuid';
      return;
    case 'isIso8601':
      schema['type'] = 'string';
      schema['format'] = 'date-time';
      return;
    case IS_STRING_RECORD:
      schema['type'] = 'object';
      schema['maxProperties'] = first as number;
      schema['additionalProperties'] = { type: 'string', maxLength: constraints[1] as number };
      return;
    default:
      throw new Error(`${where}: no JSON Schema mapping for @${name}`);
  }
}
