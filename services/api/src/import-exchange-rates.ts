import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import {
  ConfigValidationError,
  DatabaseSchemaEnv,
  type EnvSource,
  loadConfig,
  PostgresEnv,
} from '@clickledger/platform-config';
import { createDataSource } from '@clickledger/persistence';
import { ReportCurrencyEnv } from './api.env';
import { parseRatesFile } from './exchange-rates/exchange-rates-file';
import { ExchangeRatesRepository } from './exchange-rates/exchange-rates.repository';

const COMMAND_NAME = 'rates:import';

export class RatesFileError extends Error {}

/**
 * Imports a rates file (CSV `date,currency,rate`) into exchange_rates: all lines or none (a file
 * with any bad line is refused, listing each). Existing (day, currency) rates are replaced, others
 * kept, so importing the same file twice changes nothing. Returns how many rates it holds.
 */
export async function importExchangeRates(file: string, env: EnvSource = process.env): Promise<number> {
  const config = loadConfig([PostgresEnv, DatabaseSchemaEnv, ReportCurrencyEnv], { env });
  const parsed = parseRatesFile(await readFile(file, 'utf8'), config.get(ReportCurrencyEnv).REPORT_CURRENCY);
  if (parsed.errors.length > 0) throw new RatesFileError(`${file}:\n${parsed.errors.join('\n')}`);
  const db = await createDataSource({
    url: config.get(PostgresEnv).DATABASE_URL,
    schema: config.get(DatabaseSchemaEnv).DATABASE_SCHEMA,
    poolSize: 1,
  }).initialize();
  try {
    await new ExchangeRatesRepository(db).upsertMany(parsed.rates);
    return parsed.rates.length;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  const file = process.argv.at(2);
  if (file === undefined) {
    process.stderr.write(`usage: npm run ${COMMAND_NAME} -- <file.csv>   (lines: date,currency,rate)\n`);
    process.exitCode = 2;
  } else
    importExchangeRates(file).then(
      (count) => {
        process.stdout.write(`imported ${count} exchange rates from ${file}\n`);
      },
      (error: unknown) => {
        process.stderr.write(
          error instanceof ConfigValidationError || error instanceof RatesFileError
            ? `${COMMAND_NAME}: ${error.message}\n`
            : `${String(error)}\n`,
        );
        process.exitCode = 1;
      },
    );
}
