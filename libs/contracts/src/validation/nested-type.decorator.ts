// class-transformer's @Type reads design-time metadata, so the polyfill must load first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

type ClassRef = abstract new (...args: never[]) => object;

interface NestedEntry {
  readonly type: () => ClassRef;
  readonly each: boolean;
}

const NESTED = new WeakMap<object, Map<string, NestedEntry>>();

/**
 * A required nested object (or array of them): converts plain JSON into the class, validates it,
 * and records the type so the JSON Schema generator can follow it (class-transformer keeps its
 * own registry private). ValidateNested alone lets a missing value, a string or an array through
 * (for arrays: as items), hence IsDefined and IsObject.
 */
export function NestedType(type: () => ClassRef, options: { each?: boolean } = {}): PropertyDecorator {
  const each = options.each ?? false;
  const transform = Type(type);
  const rules = [IsDefined(), IsObject({ each }), ValidateNested({ each })];
  return (target, propertyKey) => {
    transform(target, propertyKey);
    for (const rule of rules) rule(target, propertyKey);
    const byProperty = NESTED.get(target.constructor) ?? new Map<string, NestedEntry>();
    byProperty.set(String(propertyKey), { type, each });
    NESTED.set(target.constructor, byProperty);
  };
}

/** The nested type declared on `target.property`, looking up the prototype chain. */
export function nestedTypeOf(
  target: ClassRef,
  property: string,
): { type: ClassRef; each: boolean } | undefined {
  for (
    let current: unknown = target;
    typeof current === 'function';
    current = Object.getPrototypeOf(current)
  ) {
    const found = NESTED.get(current)?.get(property);
    if (found) return { type: found.type(), each: found.each };
  }
  return undefined;
}

/** Every nested property of `target` (its parents' included), with its type. */
export function nestedProperties(target: ClassRef): { property: string; type: ClassRef; each: boolean }[] {
  const found = new Map<string, { property: string; type: ClassRef; each: boolean }>();
  for (
    let current: unknown = target;
    typeof current === 'function';
    current = Object.getPrototypeOf(current)
  ) {
    for (const [property, entry] of NESTED.get(current) ?? []) {
      // The nearest declaration wins, as in nestedTypeOf.
      if (!found.has(property)) found.set(property, { property, type: entry.type(), each: entry.each });
    }
  }
  return [...found.values()];
}
