import { isIP } from 'node:net';
import { Matches, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import {
  compileOfferUrl,
  compileSourcePostbackUrl,
  CONTROL_CHARACTER,
  isConversionStatus,
  isStatusValue,
  MAX_STATUS_MAP_ENTRIES,
  MAX_STATUS_VALUE_LENGTH,
  normalizeCurrencyCode,
  normalizeDecimalAmount,
  urlTemplateProblems,
} from '@clickledger/tracking';

/**
 * A field that may be left out but is never `null`: unlike `@IsOptional()`, a `null` runs the
 * field's validators (and fails them), so it is a 400 naming the field rather than a database error.
 * Only fields that `null` clears (a source's `postbackUrl`, `externalIdParam`, …) use `@IsOptional()`.
 */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** Query parameter names (`clickid`, `zone`, `aff_sub`): no characters that need encoding. */
export const IsParamName = (options?: ValidationOptions): PropertyDecorator =>
  Matches(/^[A-Za-z0-9_.~-]{1,64}$/, {
    message: '$property must be 1-64 letters, digits or _ . ~ -',
    ...options,
  });

/**
 * No control characters (C0 such as CR, LF, NUL and tab; DEL; C1): a name or URL holding one
 * could split a header or a log line where it is used (issue 12: CRLF in an offer URL).
 */
export const NoControlCharacters = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'noControlCharacters',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !CONTROL_CHARACTER.test(value),
        defaultMessage: () => '$property must not contain control characters (CR, LF, NUL, tab, C1)',
      },
    },
    options,
  );

/** A decimal string (`12.50`), at most 6 decimals; never a JSON number. */
export const IsDecimalString = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDecimalString',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalizeDecimalAmount(value) !== null,
        defaultMessage: () => '$property must be a decimal string with at most 6 decimals, e.g. "12.50"',
      },
    },
    options,
  );

export const IsCurrency = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCurrency',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalizeCurrencyCode(value) !== null,
        defaultMessage: () => '$property must be an ISO 4217 currency code, e.g. "USD"',
      },
    },
    options,
  );

/** True for an IPv4/IPv6 address or a CIDR block with a prefix length that fits its family. */
export function isIpOrCidr(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const [address, prefix] = parts;
  const family = isIP(address);
  if (family === 0) return false;
  if (parts.length === 1) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export const IsIpOrCidr = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIpOrCidr',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIpOrCidr(value),
        defaultMessage: () =>
          'each value in $property must be an IP address or a CIDR block, e.g. 203.0.113.0/24',
      },
    },
    { each: true, ...options },
  );

/** What is wrong with an offer URL, one message per problem (each unknown token with its position). */
export function offerUrlProblems(url: string): string[] {
  return urlTemplateProblems(compileOfferUrl(url));
}

/** What is wrong with a traffic-source postback URL (CONTRACT §9 tokens only). */
export function sourcePostbackUrlProblems(url: string): string[] {
  return urlTemplateProblems(compileSourcePostbackUrl(url));
}

/** The offer URL must compile: known tokens only, absolute http(s), no token in the host. */
export const IsOfferUrl = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isOfferUrl',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && offerUrlProblems(value).length === 0,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? `$property is not a valid offer URL: ${offerUrlProblems(args.value).join('; ')}`
            : '$property must be a string',
      },
    },
    options,
  );

/**
 * A network's statusMap: a JSON object of at most 50 entries, each key a status value the network
 * sends (1-64 printable characters, matched case-insensitively, so two keys may not differ only
 * by case) and each value approved, pending or declined.
 */
export function statusMapProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'statusMap must be an object such as {"5": "pending"}';
  const entries = Object.entries(value);
  if (entries.length > MAX_STATUS_MAP_ENTRIES)
    return `statusMap must have at most ${String(MAX_STATUS_MAP_ENTRIES)} entries`;
  const seen = new Set<string>();
  for (const [key, meaning] of entries) {
    if (!isStatusValue(key))
      return `statusMap key ${JSON.stringify(key.slice(0, 80))} must be 1-${String(MAX_STATUS_VALUE_LENGTH)} printable characters`;
    if (seen.has(key.toLowerCase())) return `statusMap has ${JSON.stringify(key)} twice (keys ignore case)`;
    seen.add(key.toLowerCase());
    if (!isConversionStatus(meaning))
      return `statusMap[${JSON.stringify(key)}] must be approved, pending or declined`;
  }
  return null;
}

export const IsStatusMap = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isStatusMap',
      validator: {
        validate: (value: unknown) => statusMapProblem(value) === null,
        defaultMessage: (args) => statusMapProblem(args?.value) ?? '$property is invalid',
      },
    },
    options,
  );

/** A postback URL to notify a traffic source: absolute http(s), §9 tokens only, none in the host. */
export const IsSourcePostbackUrl = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isSourcePostbackUrl',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && sourcePostbackUrlProblems(value).length === 0,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? `$property is not a valid postback URL: ${sourcePostbackUrlProblems(args.value).join('; ')}`
            : '$property must be a string',
      },
    },
    options,
  );
