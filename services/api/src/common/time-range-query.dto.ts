import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { PageQueryDto } from './page-query.dto';

/** `?from&to`: ISO 8601 times, `from` inclusive, `to` exclusive. */
export class TimeRangeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly to?: string;
}

export const toDate = (value: string | undefined): Date | undefined =>
  value === undefined ? undefined : new Date(value);
