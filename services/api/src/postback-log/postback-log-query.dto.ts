import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { TimeRangeQueryDto } from '../common/time-range-query.dto';

export class PostbackLogQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional({ description: 'as received; valid click IDs are matched case-insensitively' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  readonly clickId?: string;

  @ApiPropertyOptional({
    example: 'rejected',
    description: 'accepted, duplicate, rejected, status-changed, …',
  })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'outcome must be a lower-case code, e.g. rejected' })
  readonly outcome?: string;

  @ApiPropertyOptional({ example: 'click-not-found' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'reason must be a lower-case code, e.g. click-not-found' })
  readonly reason?: string;
}
