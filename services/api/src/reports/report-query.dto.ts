import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, ValidateBy, type ValidationOptions } from 'class-validator';
import { canonicalTimeZone, parseReportTime } from './zoned-time';

export const REPORT_GROUPS = ['campaign', 'offer', 'affiliateNetwork', 'trafficSource', 'day'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export const MAX_REPORT_DAYS = 400;
const MAX_REPORT_MS = MAX_REPORT_DAYS * 24 * 3600 * 1000;
export const DEFAULT_TIME_ZONE = 'UTC';

const TIME_EXAMPLE = '2026-11-01T00:00:00Z';

/** The zone the boundaries are read in; an invalid one is reported on `tz`, so UTC stands in. */
const zoneOf = (query: Partial<ReportQueryDto>): string =>
  (query.tz === undefined ? null : canonicalTimeZone(query.tz)) ?? DEFAULT_TIME_ZONE;

const IsReportTime = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isReportTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseReportTime(value, 'UTC') !== null,
        defaultMessage: () =>
          `$property must be an ISO 8601 date or date-time, e.g. ${TIME_EXAMPLE} or 2026-11-01 (read in tz)`,
      },
    },
    options,
  );

const IsTimeZone = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && canonicalTimeZone(value) !== null,
        defaultMessage: () => '$property must be an IANA time zone name, e.g. Europe/Berlin',
      },
    },
    options,
  );

/** `to` after `from`, at most MAX_REPORT_DAYS later; silent when either is invalid on its own. */
const IsWithinReportRange = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isWithinReportRange',
      validator: {
        validate: (value: unknown, args) => {
          const query = args?.object as Partial<ReportQueryDto> | undefined;
          if (typeof value !== 'string' || typeof query?.from !== 'string') return true;
          const from = parseReportTime(query.from, zoneOf(query));
          const to = parseReportTime(value, zoneOf(query));
          if (from === null || to === null) return true;
          const span = to.getTime() - from.getTime();
          return span > 0 && span <= MAX_REPORT_MS;
        },
        defaultMessage: () => `$property must be after from and at most ${MAX_REPORT_DAYS} days later`,
      },
    },
    options,
  );

/** `GET /api/reports`: `[from, to)`, a grouping, and the zone for days and for dates without an offset. */
export class ReportQueryDto {
  @ApiProperty({ example: TIME_EXAMPLE, description: 'inclusive; a date or local time is read in tz' })
  @IsReportTime()
  readonly from!: string;

  @ApiProperty({
    example: '2026-12-01T00:00:00Z',
    description: `exclusive; at most ${MAX_REPORT_DAYS} days after from`,
  })
  @IsReportTime()
  @IsWithinReportRange()
  readonly to!: string;

  @ApiProperty({ enum: REPORT_GROUPS })
  @IsIn(REPORT_GROUPS)
  readonly groupBy!: ReportGroup;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: DEFAULT_TIME_ZONE })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  readonly tz?: string;
}

/** The query as the service needs it: instants and a canonical zone name. */
export interface ReportRequest {
  readonly from: Date;
  readonly to: Date;
  readonly groupBy: ReportGroup;
  readonly timeZone: string;
}

/** Called after validation, so every part parses. */
export function toReportRequest(query: ReportQueryDto): ReportRequest {
  const timeZone = zoneOf(query);
  const instant = (text: string): Date => {
    const parsed = parseReportTime(text, timeZone);
    if (parsed === null) throw new Error(`unvalidated report time ${text}`);
    return parsed;
  };
  return { from: instant(query.from), to: instant(query.to), groupBy: query.groupBy, timeZone };
}
