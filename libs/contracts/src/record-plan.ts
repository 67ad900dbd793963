import { ownEntry } from '@clickledger/tracking';
import { stringRecordProperties } from './validation/field-rules';
import { nestedProperties } from './validation/nested-type.decorator';

export type ClassRef = abstract new (...args: never[]) => object;

/** Where an event class keeps string records (raw parameters: keys chosen by a client). */
export interface RecordPlan {
  /** Properties declared as string records. */
  readonly records: readonly string[];
  /** Properties declared as one nested object (not arrays of them), that are not records. */
  readonly nested: readonly { readonly key: string; readonly type: ClassRef }[];
}

const RECORD_PLANS = new WeakMap<ClassRef, RecordPlan>();

/** The records and nested objects of a `type`, read from its decorators once per class. */
export function recordPlanOf(type: ClassRef): RecordPlan {
  let plan = RECORD_PLANS.get(type);
  if (plan === undefined) {
    const records = stringRecordProperties(type);
    plan = {
      records,
      nested: nestedProperties(type)
        .filter((entry) => !entry.each && !records.includes(entry.property))
        .map((entry) => ({ key: entry.property, type: entry.type })),
    };
    RECORD_PLANS.set(type, plan);
  }
  return plan;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `value` with each string record its class declares (nested objects' included) replaced by what
 * `replace` makes of it, where that is not undefined. Copies only the objects on the way to a
 * replaced record; `value` is left as it was. Only the declared properties are looked at, not
 * every key of every event.
 */
export function withRecordsReplaced(
  type: ClassRef,
  value: Record<string, unknown>,
  replace: (record: Record<string, unknown>) => object | undefined,
): Record<string, unknown> {
  const plan = recordPlanOf(type);
  let copy: Record<string, unknown> | undefined;
  for (const key of plan.records) {
    const item = Object.hasOwn(value, key) ? value[key] : undefined;
    const replaced = isObject(item) ? replace(item) : undefined;
    if (replaced === undefined) continue;
    copy ??= { ...value };
    ownEntry(copy, key, replaced);
  }
  for (const { key, type: nestedType } of plan.nested) {
    const item = Object.hasOwn(value, key) ? value[key] : undefined;
    if (!isObject(item)) continue;
    const replaced = withRecordsReplaced(nestedType, item, replace);
    if (replaced === item) continue;
    copy ??= { ...value };
    ownEntry(copy, key, replaced);
  }
  return copy ?? value;
}
