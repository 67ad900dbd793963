import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, ValidateBy, type ValidationOptions } from 'class-validator';
import { MAX_GROUP_LEVELS, parseGroupBy, REPORT_DIMENSIONS, type ReportDimension } from './report-dimensions';
import { canonicalTimeZone, isBucketStart, parseReportTime } from './zoned-time';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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
        validate: (value: unknown, args) => {
          if (typeof value !== 'string') return false;
          const parsed = parseReportTime(value, zoneOf(args?.object ?? {}));
          return parsed !== null && isBucketStart(parsed);
        },
        defaultMessage: () =>
          `$property must be an ISO 8601 date or date-time on a quarter hour (reports read 15-minute rollups), e.g. ${TIME_EXAMPLE}, 2026-11-01T09:30 or 2026-11-01 (read in tz)`,
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

const IsGroupBy = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isGroupBy',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && 'levels' in parseGroupBy(value),
        defaultMessage: (args) => {
          const parsed = typeof args?.value === 'string' ? parseGroupBy(args.value) : null;
          return parsed !== null && 'error' in parsed
            ? parsed.error
            : `$property must be dimensions from ${REPORT_DIMENSIONS.join(', ')}, comma-separated`;
        },
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
  @ApiProperty({
    example: TIME_EXAMPLE,
    description: 'inclusive, on a quarter hour; a date or local time is read in tz',
  })
  @IsReportTime()
  readonly from!: string;

  @ApiProperty({
    example: '2026-12-01T00:00:00Z',
    description: `exclusive, on a quarter hour; at most ${MAX_REPORT_DAYS} days after from`,
  })
  @IsReportTime()
  @IsWithinReportRange()
  readonly to!: string;

  @ApiProperty({
    example: 'campaign,country',
    description: `one dimension or up to ${MAX_GROUP_LEVELS}, comma-separated, nested in that order, in any combination: ${REPORT_DIMENSIONS.join(', ')}`,
  })
  @IsGroupBy()
  readonly groupBy!: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'or Accept: text/csv' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  readonly format?: ReportFormat;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'count test conversions' })
  @IsOptional()
  @IsIn(['true', 'false'])
  readonly includeTest?: 'true' | 'false';

  @ApiPropertyOptional({
    example: 'Asia/Kolkata',
    default: DEFAULT_TIME_ZONE,
    description: 'IANA zone of days, hours and boundaries without an offset; any zone is exact',
  })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  readonly tz?: string;
}

/** The query as the service needs it: instants and a canonical zone name. */
export interface ReportRequest {
  readonly from: Date;
  readonly to: Date;
  readonly levels: readonly ReportDimension[];
  readonly timeZone: string;
  readonly includeTest: boolean;
}

/** Called after validation, so every part parses. */
export function toReportRequest(query: ReportQueryDto): ReportRequest {
  const timeZone = zoneOf(query);
  const instant = (text: string): Date => {
    const parsed = parseReportTime(text, timeZone);
    if (parsed === null) throw new Error(`unvalidated report time ${text}`);
    return parsed;
  };
  const parsed = parseGroupBy(query.groupBy);
  if ('error' in parsed) throw new Error(`unvalidated groupBy ${query.groupBy}`);
  return {
    from: instant(query.from),
    to: instant(query.to),
    levels: parsed.levels,
    timeZone,
    includeTest: query.includeTest === 'true',
  };
}
