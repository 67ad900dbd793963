import { Module } from '@nestjs/common';
import { SourcePostbacksController } from './source-postbacks.controller';

@Module({ controllers: [SourcePostbacksController] })
export class SourcePostbacksModule {}
