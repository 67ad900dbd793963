import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { REPORT_DIMENSIONS, type ReportDimension } from './report-dimensions';
import type { Plain } from '../common/openapi-responses';

const ratio = (description: string) => ({ type: String, nullable: true, example: '0.025', description });

/** The figures of one group, or of the whole range (totals). Money in the report currency. */
@ApiSchema({ name: 'ReportMetricsView' })
export class ReportMetricsViewSchema {
  /** Human clicks: bots are counted apart and left out of clicks, CR and EPC. */
  @ApiProperty({ description: 'human clicks (bots are counted apart)' })
  readonly clicks!: number;

  @ApiProperty()
  readonly botClicks!: number;

  /** Approved conversions: the only ones counted in conversions, revenue and the ratios. */
  @ApiProperty({ description: 'approved conversions' })
  readonly conversions!: number;

  @ApiProperty()
  readonly pendingConversions!: number;

  @ApiProperty()
  readonly declinedConversions!: number;

  /** Approved conversions per event type (`sale`, `lead`, …). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { sale: 3 } })
  readonly conversionsByEventType!: Readonly<Record<string, number>>;

  /** Approved payouts, each converted at its UTC day's rate; a decimal string. */
  @ApiProperty({ example: '120.5', description: 'decimal string' })
  readonly revenue!: string;

  /** Click costs plus spread campaign costs (POST /api/costs). */
  @ApiProperty({ example: '40', description: 'decimal string' })
  readonly cost!: string;

  /** revenue − cost. */
  @ApiProperty({ example: '80.5', description: 'decimal string' })
  readonly profit!: string;

  /** conversions / clicks, 6 decimals; null without clicks. */
  @ApiProperty(ratio('conversions / clicks; null without clicks'))
  readonly cr!: string | null;

  /** revenue / clicks, 6 decimals; null without clicks. */
  @ApiProperty(ratio('revenue / clicks; null without clicks'))
  readonly epc!: string | null;

  /** profit / cost, 6 decimals; null without cost. */
  @ApiProperty(ratio('profit / cost; null without cost'))
  readonly roi!: string | null;
}

export type ReportMetricsView = Plain<ReportMetricsViewSchema>;

/** One level of a row's group: the catalog id, day, country… (null: none) and its catalog name. */
@ApiSchema({ name: 'ReportGroupView' })
export class ReportGroupViewSchema {
  @ApiProperty({ enum: REPORT_DIMENSIONS })
  readonly dimension!: ReportDimension;

  @ApiProperty({ type: String, nullable: true })
  readonly key!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly name!: string | null;
}

export type ReportGroupView = Plain<ReportGroupViewSchema>;

@ApiSchema({ name: 'ReportRowView' })
export class ReportRowViewSchema extends ReportMetricsViewSchema {
  @ApiProperty({ type: [ReportGroupViewSchema], description: 'one entry per groupBy level, in order' })
  readonly groups!: readonly ReportGroupView[];
}

export type ReportRowView = Plain<ReportRowViewSchema>;

@ApiSchema({ name: 'ReportView' })
export class ReportViewSchema {
  @ApiProperty({ format: 'date-time' })
  readonly from!: string;

  @ApiProperty({ format: 'date-time' })
  readonly to!: string;

  @ApiProperty({ enum: REPORT_DIMENSIONS, isArray: true })
  readonly groupBy!: readonly ReportDimension[];

  @ApiProperty({ example: 'UTC' })
  readonly tz!: string;

  @ApiProperty({ example: 'USD' })
  readonly currency!: string;

  @ApiProperty()
  readonly includeTest!: boolean;

  @ApiProperty({ type: [ReportRowViewSchema] })
  readonly rows!: readonly ReportRowView[];

  @ApiProperty({ type: ReportMetricsViewSchema })
  readonly totals!: ReportMetricsView;
}

export type ReportView = Plain<ReportViewSchema>;
