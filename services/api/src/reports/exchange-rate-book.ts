import { DomainError } from '@clickledger/platform-http';
import { roundedQuotient } from './report-decimal';

/** Exchange rates carry up to this many decimals (numeric(30,12)). */
export const RATE_SCALE = 12;
const RATE_UNIT = 10n ** BigInt(RATE_SCALE);
const RATE_TEXT = /^(\d{1,18})(?:\.(\d{1,12}))?$/;

/** A rate's decimal text as an integer of RATE_SCALE decimals, or null if it is not one (or not > 0). */
export function parseRate(text: string): bigint | null {
  const match = RATE_TEXT.exec(text);
  if (!match) return null;
  // Absent without a fraction (RegExpExecArray types it as always present).
  const fraction = (match[2] as string | undefined) ?? '';
  const scaled = BigInt(match[1]) * RATE_UNIT + BigInt(fraction.padEnd(RATE_SCALE, '0'));
  return scaled > 0n ? scaled : null;
}

export interface MissingRate {
  readonly currency: string;
  readonly day: string;
}

/** 400: an amount in a currency that has no rate for its day; never a silent null. */
export class MissingExchangeRateError extends DomainError {
  readonly code = 'report.missing-exchange-rate';
  readonly status = 400;

  constructor(reportCurrency: string, missing: readonly MissingRate[]) {
    const listed = missing
      .slice(0, 10)
      .map((rate) => `${rate.currency} on ${rate.day}`)
      .join(', ');
    super(
      `No exchange rate to ${reportCurrency} for ${listed}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}: PUT /api/exchange-rates/<day>`,
      { details: { reportCurrency, missing } },
    );
  }
}

/**
 * Converts micros into the report currency at each day's rate, exactly (bigint, rounded half away
 * from zero to the micro). Missing rates are collected, so one 400 names every one of them.
 */
export class ExchangeRateBook {
  private readonly missing = new Map<string, MissingRate>();

  /** rates: `${day} ${currency}` → rate text (what one unit is worth in the report currency). */
  constructor(
    readonly reportCurrency: string,
    private readonly rates: ReadonlyMap<string, string>,
  ) {}

  convert(micros: bigint, currency: string, day: string): bigint {
    if (currency === this.reportCurrency || micros === 0n) return micros;
    const text = this.rates.get(`${day} ${currency}`);
    const rate = text === undefined ? null : parseRate(text);
    if (rate === null) {
      this.missing.set(`${day} ${currency}`, { currency, day });
      return 0n;
    }
    return roundedQuotient(micros * rate, RATE_UNIT);
  }

  /** Throws when any conversion lacked its rate. */
  check(): void {
    if (this.missing.size === 0) return;
    const missing = [...this.missing.values()].sort((a, b) =>
      a.day === b.day ? a.currency.localeCompare(b.currency) : a.day.localeCompare(b.day),
    );
    throw new MissingExchangeRateError(this.reportCurrency, missing);
  }
}
