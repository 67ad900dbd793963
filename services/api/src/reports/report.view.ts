import type { ReportDimension } from './report-dimensions';

/** The figures of one group, or of the whole range (totals). Money in the report currency. */
export interface ReportMetricsView {
  /** Human clicks: bots are counted apart and left out of clicks, CR and EPC. */
  readonly clicks: number;
  readonly botClicks: number;
  /** Approved conversions: the only ones counted in conversions, revenue and the ratios. */
  readonly conversions: number;
  readonly pendingConversions: number;
  readonly declinedConversions: number;
  /** Approved conversions per event type (`sale`, `lead`, …). */
  readonly conversionsByEventType: Readonly<Record<string, number>>;
  /** Approved payouts, each converted at its UTC day's rate; a decimal string. */
  readonly revenue: string;
  /** Click costs plus spread campaign costs (POST /api/costs). */
  readonly cost: string;
  /** revenue − cost. */
  readonly profit: string;
  /** conversions / clicks, 6 decimals; null without clicks. */
  readonly cr: string | null;
  /** revenue / clicks, 6 decimals; null without clicks. */
  readonly epc: string | null;
  /** profit / cost, 6 decimals; null without cost. */
  readonly roi: string | null;
}

/** One level of a row's group: the catalog id, day, country… (null: none) and its catalog name. */
export interface ReportGroupView {
  readonly dimension: ReportDimension;
  readonly key: string | null;
  readonly name: string | null;
}

export interface ReportRowView extends ReportMetricsView {
  readonly groups: readonly ReportGroupView[];
}

export interface ReportView {
  readonly from: string;
  readonly to: string;
  readonly groupBy: readonly ReportDimension[];
  readonly tz: string;
  readonly currency: string;
  readonly includeTest: boolean;
  readonly rows: readonly ReportRowView[];
  readonly totals: ReportMetricsView;
}
