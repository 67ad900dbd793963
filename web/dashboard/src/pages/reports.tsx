import { useState } from 'preact/hooks';
import { failureOf, messageOf, unwrap, type ApiSchema, type ReportMetrics } from '../api';
import { CheckboxField, SelectField, TextField } from '../components/field';
import { Empty, ErrorNotice, Loading } from '../components/notice';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { formatRatio } from '../words';
import { ReportChart } from './report-chart';

type Dimension = ApiSchema<'ReportGroupView'>['dimension'];

const DIMENSIONS: readonly { value: Dimension; label: string }[] = [
  { value: 'campaign', label: 'Campaign' },
  { value: 'offer', label: 'Offer' },
  { value: 'affiliateNetwork', label: 'Affiliate network' },
  { value: 'trafficSource', label: 'Traffic source' },
  { value: 'day', label: 'Day' },
  { value: 'hour', label: 'Hour' },
  { value: 'country', label: 'Country' },
  { value: 'device', label: 'Device' },
  { value: 'os', label: 'Operating system' },
  { value: 'browser', label: 'Browser' },
  { value: 'eventType', label: 'Event type' },
  ...(['var1', 'var2', 'var3', 'var4', 'var5', 'var6', 'var7', 'var8', 'var9', 'var10'] as const).map(
    (v) => ({
      value: v,
      label: `Variable ${v.slice(3)}`,
    }),
  ),
];

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const nextDay = (day: string) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

interface Query {
  readonly from: string;
  readonly to: string;
  readonly groupBy: string;
  readonly tz: string;
  readonly includeTest: 'true' | 'false';
}

export function ReportsPage({ session }: { session: Session }) {
  const { api } = session;
  const today = isoDay(new Date());
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 6 * DAY_MS)));
  const [to, setTo] = useState(today);
  const [first, setFirst] = useState<Dimension>('campaign');
  const [second, setSecond] = useState<Dimension | ''>('');
  const [tz, setTz] = useState(localZone());
  const [includeTest, setIncludeTest] = useState(false);
  const [query, setQuery] = useState<Query | null>(null);
  const [shown, setShown] = useState({ from, to });
  const [downloadError, setDownloadError] = useState<string | null>(null);

  const run = () => {
    setShown({ from, to });
    setQuery({
      from,
      // "To" is inclusive for the user; the API's `to` is exclusive.
      to: nextDay(to),
      groupBy: second === '' || second === first ? first : `${first},${second}`,
      tz,
      includeTest: includeTest ? 'true' : 'false',
    });
  };
  const report = useLoad(
    () => (query === null ? Promise.resolve(null) : unwrap(api.GET('/api/reports', { params: { query } }))),
    JSON.stringify(query),
  );
  // Two days or less: hourly points; longer: daily.
  const unit: 'day' | 'hour' =
    query !== null && Date.parse(query.to) - Date.parse(query.from) <= 2 * DAY_MS ? 'hour' : 'day';
  const overTime = useLoad(
    () =>
      query === null
        ? Promise.resolve(null)
        : unwrap(api.GET('/api/reports', { params: { query: { ...query, groupBy: unit } } })),
    JSON.stringify(query) + unit,
  );

  const download = async () => {
    if (query === null) return;
    const params = new URLSearchParams({ ...query, format: 'csv' });
    try {
      const response = await fetch(`/api/reports?${params.toString()}`, {
        headers: { authorization: `Bearer ${session.token}`, accept: 'text/csv' },
      });
      if (!response.ok) throw failureOf(response.status, await response.json().catch(() => undefined));
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `clickledger-report-${query.groupBy.replace(',', '-')}-${shown.from}-${shown.to}.csv`;
      link.click();
      setTimeout(() => {
        URL.revokeObjectURL(url);
      }, 10_000);
      setDownloadError(null);
    } catch (failure) {
      setDownloadError(messageOf(failure));
    }
  };

  return (
    <>
      <p class="lead">Clicks, conversions, revenue, cost and profit, grouped the way you choose.</p>
      <form
        class="filters"
        aria-label="Report settings"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <SelectField
          label="Group by"
          value={first}
          onValue={(value) => {
            setFirst(value as Dimension);
          }}
          options={DIMENSIONS}
        />
        <SelectField
          label="Then by"
          value={second}
          onValue={(value) => {
            setSecond(value as Dimension | '');
          }}
          options={[{ value: '', label: 'Nothing' }, ...DIMENSIONS]}
        />
        <TextField label="From" type="date" value={from} onValue={setFrom} required />
        <TextField label="To (inclusive)" type="date" value={to} onValue={setTo} required />
        <TextField
          label="Time zone"
          value={tz}
          onValue={setTz}
          list="time-zones"
          hint="Days start at midnight in this zone."
        />
        <datalist id="time-zones">
          {ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <CheckboxField label="Include test conversions" checked={includeTest} onChecked={setIncludeTest} />
        <div class="filter-actions">
          <button type="submit">Show report</button>
          <button
            type="button"
            class="secondary"
            disabled={query === null}
            onClick={() => {
              void download();
            }}
          >
            Download CSV
          </button>
        </div>
      </form>
      <ErrorNotice message={downloadError} />
      {query === null ? <Empty>Choose a grouping and a date range, then Show report.</Empty> : null}
      <ErrorNotice message={report.error} />
      <Loading loading={query !== null && report.loading} />
      {overTime.data ? (
        <section aria-labelledby="over-time">
          <h2 id="over-time">Over time</h2>
          <ReportChart report={overTime.data} unit={unit} from={shown.from} to={shown.to} />
        </section>
      ) : null}
      {report.data ? (
        <section aria-labelledby="report-table">
          <h2 id="report-table">By {report.data.groupBy.join(', then ')}</h2>
          <p class="hint">
            Amounts in {report.data.currency}, converted at each day's rate. Clicks exclude bots; conversions,
            revenue, CR and EPC count approved conversions.
          </p>
          <div class="table-scroll">
            <table class="report">
              <thead>
                <tr>
                  {report.data.groupBy.map((dimension) => (
                    <th scope="col" key={dimension}>
                      {DIMENSIONS.find((d) => d.value === dimension)?.label ?? dimension}
                    </th>
                  ))}
                  <MetricHeaders />
                </tr>
              </thead>
              <tbody>
                {report.data.rows.map((row, index) => (
                  <tr key={index}>
                    {row.groups.map((group) => (
                      <th scope="row" key={group.dimension}>
                        {group.name ?? group.key ?? '(none)'}
                      </th>
                    ))}
                    <MetricCells metrics={row} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={report.data.groupBy.length}>
                    Total
                  </th>
                  <MetricCells metrics={report.data.totals} />
                </tr>
              </tfoot>
            </table>
          </div>
          {report.data.rows.length === 0 ? <Empty>No clicks or conversions in this range.</Empty> : null}
        </section>
      ) : null}
    </>
  );
}

const METRICS = [
  'Clicks',
  'Bot clicks',
  'Conversions',
  'Pending',
  'Declined',
  'Revenue',
  'Cost',
  'Profit',
  'CR',
  'EPC',
  'ROI',
];

function MetricHeaders() {
  return (
    <>
      {METRICS.map((name) => (
        <th scope="col" key={name} class="number">
          {name}
        </th>
      ))}
    </>
  );
}

function MetricCells({ metrics }: { metrics: ReportMetrics }) {
  const cells = [
    String(metrics.clicks),
    String(metrics.botClicks),
    String(metrics.conversions),
    String(metrics.pendingConversions),
    String(metrics.declinedConversions),
    metrics.revenue,
    metrics.cost,
    metrics.profit,
    formatRatio(metrics.cr, true),
    formatRatio(metrics.epc),
    formatRatio(metrics.roi, true),
  ];
  return (
    <>
      {cells.map((value, index) => (
        <td class="number" key={index}>
          {value}
        </td>
      ))}
    </>
  );
}
