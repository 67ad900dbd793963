import { Module } from '@nestjs/common';
import { ConversionUploadController } from './conversion-upload.controller';
import { UploadPostbackPublisher } from './postback-events.publisher';
import { UploadConversionsService } from './upload-conversions.service';

@Module({
  controllers: [ConversionUploadController],
  providers: [UploadConversionsService, UploadPostbackPublisher],
})
export class ConversionUploadModule {}
