import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { TimeRangeQueryDto } from '../common/time-range-query.dto';

/** Crockford base32, any case (the service canonicalizes it). */
export const CLICK_ID_INPUT = /^[0-9A-Za-z]{26}$/;

export class ConversionQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CLICK_ID_INPUT, { message: 'clickId must be a click ID (26 characters of Crockford base32)' })
  readonly clickId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  readonly campaignId?: string;
}
