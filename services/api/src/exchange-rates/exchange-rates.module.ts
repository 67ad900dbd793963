import { Module } from '@nestjs/common';
import { ExchangeRatesController } from './exchange-rates.controller';
import { ExchangeRatesRepository } from './exchange-rates.repository';

@Module({ controllers: [ExchangeRatesController], providers: [ExchangeRatesRepository] })
export class ExchangeRatesModule {}
