import { isDay, rateEntryError } from './exchange-rate.dto';
import type { ExchangeRate } from './exchange-rates.repository';

export interface ParsedRatesFile {
  readonly rates: ExchangeRate[];
  /** `line N: …` for every line that is not a rate; the file is imported only without any. */
  readonly errors: string[];
}

/**
 * A rates file: CSV lines `date,currency,rate` (`2026-11-01,EUR,1.10`), what one unit of the
 * currency is worth in REPORT_CURRENCY that day. An optional header line starting with `date`,
 * blank lines and CRLF are accepted. A later line for the same day and currency wins.
 */
export function parseRatesFile(text: string, reportCurrency: string): ParsedRatesFile {
  const rates = new Map<string, ExchangeRate>();
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || (index === 0 && /^"?date"?\s*,/i.test(line))) return;
    const cells = line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    const [day, currency, rate] = cells;
    const problem =
      cells.length !== 3
        ? 'expected date,currency,rate'
        : !isDay(day)
          ? `${day} is not a day written YYYY-MM-DD`
          : rateEntryError(currency, rate, reportCurrency);
    if (problem !== null) errors.push(`line ${index + 1}: ${problem}`);
    else rates.set(`${day} ${currency}`, { day, currency, rate });
  });
  return { rates: [...rates.values()], errors };
}
