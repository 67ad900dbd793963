import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { POSTBACK_OUTCOMES, type PostbackOutcome } from '@clickledger/persistence';
import { TimeRangeQueryDto } from '../common/time-range-query.dto';

export class PostbackLogQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional({ description: 'as received; valid click IDs are matched case-insensitively' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  readonly clickId?: string;

  @ApiPropertyOptional({ enum: POSTBACK_OUTCOMES, example: 'rejected' })
  @IsOptional()
  @IsIn(POSTBACK_OUTCOMES)
  readonly outcome?: PostbackOutcome;

  @ApiPropertyOptional({ example: 'click-not-found' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'reason must be a lower-case code, e.g. click-not-found' })
  readonly reason?: string;
}
