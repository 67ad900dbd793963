import { Module } from '@nestjs/common';
import { TestPostbacksController } from './test-postbacks.controller';
import { TestPostbacksService } from './test-postbacks.service';

@Module({ controllers: [TestPostbacksController], providers: [TestPostbacksService] })
export class TestPostbacksModule {}
