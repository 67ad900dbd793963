import { Injectable } from '@nestjs/common';
import { RequestValidationError } from '@clickledger/platform-http';
import { ReportCurrencyEnv } from '../api.env';
import { spreadCosts } from './cost-spread';
import { ExchangeRateBook } from './exchange-rate-book';
import { buildReport } from './report-builder';
import { type CatalogDimension, isCatalogDimension, isTimeDimension } from './report-dimensions';
import type { ReportRequest } from './report-query.dto';
import type { ReportView } from './report.view';
import { ReportsRepository } from './reports.repository';
import { hasQuarterHourOffsets } from './zoned-time';

@Injectable()
export class ReportsService {
  private readonly reportCurrency: string;

  constructor(
    private readonly reports: ReportsRepository,
    env: ReportCurrencyEnv,
  ) {
    this.reportCurrency = env.REPORT_CURRENCY;
  }

  async report(request: ReportRequest): Promise<ReportView> {
    if (
      request.levels.some(isTimeDimension) &&
      !hasQuarterHourOffsets(request.timeZone, request.from, request.to)
    )
      throw new RequestValidationError([
        {
          field: 'tz',
          errors: [
            `tz ${request.timeZone} is not a whole number of quarter hours off UTC in this range: days and hours are read from 15-minute UTC rollups, so group by day or hour in another zone or over another range`,
          ],
        },
      ]);
    const [clicks, conversions, costEntries, costClicks] = await Promise.all([
      this.reports.clickAggregates(request),
      this.reports.conversionAggregates(request),
      this.reports.costEntries(request),
      this.reports.costClicks(request),
    ]);
    const days = new Set([...conversions.map((row) => row.day), ...costEntries.map((entry) => entry.day)]);
    const currencies = new Set(
      [...conversions.map((row) => row.currency), ...costEntries.map((entry) => entry.currency)].filter(
        (currency) => currency !== this.reportCurrency,
      ),
    );
    const rateRows = await this.reports.exchangeRates([...days], [...currencies]);
    const rates = new ExchangeRateBook(
      this.reportCurrency,
      new Map(rateRows.map((row) => [`${row.day} ${row.currency}`, row.rate])),
    );
    const costs = spreadCosts(request.levels, costEntries, costClicks, rates);
    const names = new Map<CatalogDimension, Map<string, string>>();
    for (const [level, dimension] of request.levels.entries())
      if (isCatalogDimension(dimension)) {
        const ids = new Set([...clicks, ...conversions].map((row) => row.keys[level]));
        for (const id of costs.keys()) ids.add((JSON.parse(id) as string[])[level]);
        names.set(dimension, await this.reports.namesOf(dimension, [...ids]));
      }
    return {
      from: request.from.toISOString(),
      to: request.to.toISOString(),
      groupBy: request.levels,
      tz: request.timeZone,
      currency: this.reportCurrency,
      includeTest: request.includeTest,
      ...buildReport({ levels: request.levels, clicks, conversions, costs, rates, names }),
    };
  }
}
