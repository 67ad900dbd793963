import type { ReportGroup } from './report-query.dto';

/** The figures of one group, or of the whole range (totals). */
export interface ReportMetricsView {
  readonly clicks: number;
  /** Approved conversions: the only ones counted in conversions, revenue and the ratios. */
  readonly conversions: number;
  readonly pendingConversions: number;
  readonly declinedConversions: number;
  /** The payout currency of the revenue; null with no revenue or with several currencies. */
  readonly currency: string | null;
  /** Approved payouts, a decimal string; null when they are in several currencies (see revenueByCurrency). */
  readonly revenue: string | null;
  readonly revenueByCurrency: Readonly<Record<string, string>>;
  /** Sum of click costs, in the account currency. */
  readonly cost: string;
  /** revenue − cost; null when revenue is. */
  readonly profit: string | null;
  /** conversions / clicks, 6 decimals; null without clicks. */
  readonly cr: string | null;
  /** revenue / clicks, 6 decimals; null without clicks or revenue. */
  readonly epc: string | null;
  /** profit / cost, 6 decimals; null when cost is 0 or revenue is null. */
  readonly roi: string | null;
}

export interface ReportRowView extends ReportMetricsView {
  /** The catalog id, or the day (YYYY-MM-DD in tz). */
  readonly key: string;
  /** The catalog row's name; null for days and for ids the catalog does not hold. */
  readonly name: string | null;
}

export interface ReportView {
  readonly from: string;
  readonly to: string;
  readonly groupBy: ReportGroup;
  readonly tz: string;
  readonly rows: readonly ReportRowView[];
  readonly totals: ReportMetricsView;
}
