import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsObject, ValidateBy, type ValidationOptions } from 'class-validator';
import { normalizeCurrencyCode } from '@clickledger/tracking';
import { parseRate } from '../reports/exchange-rate-book';
import type { Plain } from '../common/openapi-responses';

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** What is wrong with one `currency: rate` entry, or null. */
export function rateEntryError(currency: string, rate: unknown, reportCurrency?: string): string | null {
  if (normalizeCurrencyCode(currency) !== currency) return `${currency} is not an ISO 4217 currency code`;
  if (currency === reportCurrency) return `${currency} is the report currency (its rate is always 1)`;
  if (typeof rate !== 'string' || parseRate(rate) === null)
    return `${currency}: the rate must be a positive decimal string with at most 12 decimals, e.g. "1.10"`;
  return null;
}

const IsRateMap = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRateMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.keys(value).length > 0 &&
          Object.entries(value).every(([currency, rate]) => rateEntryError(currency, rate) === null),
        defaultMessage: (args) => {
          const value = args?.value as unknown;
          if (typeof value !== 'object' || value === null || Object.keys(value).length === 0)
            return '$property must be a non-empty object of currency → rate, e.g. {"EUR": "1.10"}';
          return Object.entries(value)
            .map(([currency, rate]) => rateEntryError(currency, rate))
            .filter((error) => error !== null)
            .join('; ');
        },
      },
    },
    options,
  );

/** `PUT /api/exchange-rates/:date`: the day's rates, replacing the ones stored for it. */
export class PutExchangeRatesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { EUR: '1.10', GBP: '1.27' },
    description: 'what one unit of each currency is worth in REPORT_CURRENCY that day',
  })
  @IsObject()
  @IsRateMap()
  readonly rates!: Record<string, string>;
}

@ApiSchema({ name: 'ExchangeRatesView' })
export class ExchangeRatesViewSchema {
  @ApiProperty({ example: '2026-11-01' })
  readonly date!: string;

  @ApiProperty({ example: 'USD', description: 'the currency the rates are worth in (REPORT_CURRENCY)' })
  readonly currency!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { EUR: '1.10' } })
  readonly rates!: Readonly<Record<string, string>>;
}

export type ExchangeRatesView = Plain<ExchangeRatesViewSchema>;
