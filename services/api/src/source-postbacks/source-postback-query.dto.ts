import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { SOURCE_POSTBACK_OUTCOMES } from '@clickledger/persistence';
import { TimeRangeQueryDto } from '../common/time-range-query.dto';

/** `GET /api/source-postbacks`: `from`/`to` bound the delivery's creation time. */
export class SourcePostbackQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  readonly conversionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  readonly trafficSourceId?: string;

  @ApiPropertyOptional({ enum: SOURCE_POSTBACK_OUTCOMES })
  @IsOptional()
  @IsIn(SOURCE_POSTBACK_OUTCOMES)
  readonly outcome?: string;
}
