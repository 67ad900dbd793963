import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';

/** Canonical click ID (upper-case Crockford base32, 26 characters, ≤ 128 bits). */
export const CLICK_ID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
/** Money and cost amounts: decimal strings, at most 6 decimals, |x| < 10^12; never numbers. */
export const DECIMAL_AMOUNT_PATTERN = /^-?\d{1,12}(\.\d{1,6})?$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const EVENT_TYPE_PATTERN = /^[a-z0-9_-]{1,32}$/;

export const IsClickId = (): PropertyDecorator => Matches(CLICK_ID_PATTERN);
export const IsDecimalAmount = (): PropertyDecorator => Matches(DECIMAL_AMOUNT_PATTERN);
export const IsCurrencyCode = (): PropertyDecorator => Matches(CURRENCY_PATTERN);

export const IS_STRING_RECORD = 'isStringRecord';

const STRING_RECORDS = new WeakMap<object, Set<string>>();

/**
 * Every string-record property of `type`, its parents' included: their keys were chosen by a
 * client (`constructor`, `__proto__`…), so event validation keeps them away from
 * class-transformer (see validateEvent).
 */
export function stringRecordProperties(type: abstract new (...args: never[]) => object): string[] {
  const found = new Set<string>();
  for (let current: unknown = type; typeof current === 'function'; current = Object.getPrototypeOf(current)) {
    for (const property of STRING_RECORDS.get(current) ?? []) found.add(property);
  }
  return [...found];
}

/** A flat JSON object of strings, bounded in keys and value length (raw request parameters). */
export function IsStringRecord(
  maxKeys: number,
  maxValueLength: number,
  options?: ValidationOptions,
): PropertyDecorator {
  const rule = stringRecordRule(maxKeys, maxValueLength, options);
  return (target, propertyKey) => {
    rule(target, propertyKey);
    const properties = STRING_RECORDS.get(target.constructor) ?? new Set<string>();
    properties.add(String(propertyKey));
    STRING_RECORDS.set(target.constructor, properties);
  };
}

function stringRecordRule(
  maxKeys: number,
  maxValueLength: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_STRING_RECORD,
      constraints: [maxKeys, maxValueLength],
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= maxKeys &&
          Object.values(value).every((v) => typeof v === 'string' && v.length <= maxValueLength),
        defaultMessage: () =>
          `$property must be an object of at most ${maxKeys} string values of at most ${maxValueLength} characters`,
      },
    },
    options,
  );
}
