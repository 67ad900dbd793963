import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { execute } from '@clickledger/persistence';

export interface ExchangeRate {
  readonly day: string;
  readonly currency: string;
  /** Decimal text: what one unit of `currency` is worth in the report currency on `day`. */
  readonly rate: string;
}

/** Rows per statement: three arrays of this many elements stay small. */
const UPSERT_CHUNK = 5000;

@Injectable()
export class ExchangeRatesRepository {
  constructor(private readonly db: DataSource) {}

  async ratesOf(day: string): Promise<ExchangeRate[]> {
    const { rows } = await execute<ExchangeRate>(
      this.db.manager,
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, currency, trim_scale(rate)::text AS rate
         FROM exchange_rates WHERE day = $1::date ORDER BY currency`,
      [day],
    );
    return rows;
  }

  /** Replaces the rates of each listed day with the given ones (one transaction, one statement each). */
  async replaceDays(rates: readonly ExchangeRate[]): Promise<void> {
    const days = [...new Set(rates.map((rate) => rate.day))];
    await this.db.transaction(async (tx) => {
      await execute(tx, `DELETE FROM exchange_rates WHERE day = ANY($1::date[])`, [days]);
      await this.upsert(tx, rates);
    });
  }

  /** Sets the listed (day, currency) rates, leaving the others, all or none (the import command). */
  async upsertMany(rates: readonly ExchangeRate[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let start = 0; start < rates.length; start += UPSERT_CHUNK)
        await this.upsert(tx, rates.slice(start, start + UPSERT_CHUNK));
    });
  }

  private async upsert(manager: DataSource['manager'], rates: readonly ExchangeRate[]): Promise<number> {
    if (rates.length === 0) return 0;
    const { rowCount } = await execute(
      manager,
      `INSERT INTO exchange_rates (day, currency, rate)
       SELECT * FROM unnest($1::date[], $2::char(3)[], $3::numeric[])
       ON CONFLICT (day, currency) DO UPDATE SET rate = excluded.rate, updated_at = now()`,
      [rates.map((rate) => rate.day), rates.map((rate) => rate.currency), rates.map((rate) => rate.rate)],
    );
    return rowCount;
  }
}
