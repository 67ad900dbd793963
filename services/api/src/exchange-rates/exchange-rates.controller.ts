import { Body, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiParam } from '@nestjs/swagger';
import { RequestValidationError } from '@clickledger/platform-http';
import { ReportCurrencyEnv } from '../api.env';
import { ApiController } from '../auth/api-controller.decorator';
import {
  ExchangeRatesView,
  isDay,
  PutExchangeRatesDto,
  rateEntryError,
  ExchangeRatesViewSchema,
} from './exchange-rate.dto';
import { ExchangeRatesRepository } from './exchange-rates.repository';

/** A read and a replace of one day's rates: no use case beyond the repository. */
@ApiController('exchange-rates', 'exchange-rates')
export class ExchangeRatesController {
  private readonly currency: string;

  constructor(
    private readonly rates: ExchangeRatesRepository,
    env: ReportCurrencyEnv,
  ) {
    this.currency = env.REPORT_CURRENCY;
  }

  @Get(':date')
  @ApiParam({ name: 'date', type: String, example: '2026-11-01', description: 'a day, YYYY-MM-DD' })
  @ApiOkResponse({ type: ExchangeRatesViewSchema })
  async get(@Param('date') date: string): Promise<ExchangeRatesView> {
    this.checkDay(date);
    return this.view(date);
  }

  @Put(':date')
  @ApiParam({ name: 'date', type: String, example: '2026-11-01', description: 'a day, YYYY-MM-DD' })
  @ApiOkResponse({ type: ExchangeRatesViewSchema })
  async put(@Param('date') date: string, @Body() body: PutExchangeRatesDto): Promise<ExchangeRatesView> {
    this.checkDay(date);
    const entries = Object.entries(body.rates);
    const errors = entries
      .map(([currency, rate]) => rateEntryError(currency, rate, this.currency))
      .filter((error) => error !== null);
    if (errors.length > 0) throw new RequestValidationError([{ field: 'rates', errors }]);
    await this.rates.replaceDays(entries.map(([currency, rate]) => ({ day: date, currency, rate })));
    return this.view(date);
  }

  private checkDay(date: string): void {
    if (!isDay(date))
      throw new RequestValidationError([
        { field: 'date', errors: ['date must be a day written YYYY-MM-DD'] },
      ]);
  }

  private async view(date: string): Promise<ExchangeRatesView> {
    const rows = await this.rates.ratesOf(date);
    return {
      date,
      currency: this.currency,
      rates: Object.fromEntries(rows.map((row) => [row.currency, row.rate])),
    };
  }
}
