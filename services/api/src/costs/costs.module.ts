import { Module } from '@nestjs/common';
import { CostsController } from './costs.controller';
import { CostsRepository } from './costs.repository';

@Module({ controllers: [CostsController], providers: [CostsRepository] })
export class CostsModule {}
