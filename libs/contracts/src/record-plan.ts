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
