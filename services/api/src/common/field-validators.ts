import { isIP } from 'node:net';
import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import {
  compileOfferUrl,
  compileSourcePostbackUrl,
  normalizeCurrencyCode,
  normalizeDecimalAmount,
  urlTemplateProblems,
} from '@clickledger/tracking';

/** Query parameter names (`clickid`, `zone`, `aff_sub`): no characters that need encoding. */
export const IsParamName = (options?: ValidationOptions): PropertyDecorator =>
  Matches(/^[A-Za-z0-9_.~-]{1,64}$/, {
    message: '$property must be 1-64 letters, digits or _ . ~ -',
    ...options,
  });

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
