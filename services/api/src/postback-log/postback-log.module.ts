import { Module } from '@nestjs/common';
import { PostbackLogController } from './postback-log.controller';

@Module({ controllers: [PostbackLogController] })
export class PostbackLogModule {}
