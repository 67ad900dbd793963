import type { Report } from '../api';

const DAY_MS = 86_400_000;

/** The report's keys for every day (YYYY-MM-DD) or hour (YYYY-MM-DDTHH:00) of [from, to]. */
function buckets(from: string, to: string, unit: 'day' | 'hour'): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`) && days.length < 400;
    t += DAY_MS
  )
    days.push(new Date(t).toISOString().slice(0, 10));
  if (unit === 'day') return days;
  return days.flatMap((day) =>
    Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:00`),
  );
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 16, right: 48, bottom: 36, left: 48 };

/**
 * Clicks (bars, left scale) and conversions (line, right scale) over time, drawn as SVG: no chart
 * library, no inline style (the CSP forbids it); colours come from the stylesheet's classes.
 */
export function ReportChart({
  report,
  unit,
  from,
  to,
}: {
  report: Report;
  unit: 'day' | 'hour';
  /** First and last day shown (YYYY-MM-DD, in the report's zone): empty buckets are drawn as zero. */
  from: string;
  to: string;
}) {
  const byKey = new Map(report.rows.map((row) => [row.groups[0]?.key ?? '', row]));
  const points = buckets(from, to, unit).map((label) => ({
    label,
    clicks: byKey.get(label)?.clicks ?? 0,
    conversions: byKey.get(label)?.conversions ?? 0,
  }));
  if (points.length === 0) return <p class="empty">Nothing to chart in this range.</p>;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const maxClicks = Math.max(1, ...points.map((p) => p.clicks));
  const maxConversions = Math.max(1, ...points.map((p) => p.conversions));
  const step = plotWidth / points.length;
  const x = (i: number) => PAD.left + step * i + step / 2;
  const yClicks = (v: number) => PAD.top + plotHeight - (v / maxClicks) * plotHeight;
  const yConversions = (v: number) => PAD.top + plotHeight - (v / maxConversions) * plotHeight;
  const every = Math.max(1, Math.ceil(points.length / 8));
  const short = (label: string) =>
    unit === 'hour' ? label.slice(11, 16) || label : label.slice(5, 10) || label;
  const summary = `Clicks and conversions per ${unit}: ${points
    .map((p) => `${p.label} ${String(p.clicks)} clicks, ${String(p.conversions)} conversions`)
    .join('; ')}`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`} role="img" aria-label={summary}>
        <line
          class="axis"
          x1={PAD.left}
          y1={PAD.top + plotHeight}
          x2={WIDTH - PAD.right}
          y2={PAD.top + plotHeight}
        />
        <text class="scale" x={PAD.left - 6} y={PAD.top + 4} text-anchor="end">
          {maxClicks}
        </text>
        <text class="scale" x={PAD.left - 6} y={PAD.top + plotHeight} text-anchor="end">
          0
        </text>
        <text class="scale conversions" x={WIDTH - PAD.right + 6} y={PAD.top + 4}>
          {maxConversions}
        </text>
        {points.map((p, i) => (
          <rect
            key={p.label}
            class="bar"
            x={x(i) - step * 0.35}
            width={step * 0.7}
            y={yClicks(p.clicks)}
            height={PAD.top + plotHeight - yClicks(p.clicks)}
          />
        ))}
        <polyline
          class="line"
          points={points.map((p, i) => `${String(x(i))},${String(yConversions(p.conversions))}`).join(' ')}
        />
        {points.map((p, i) => (
          <circle key={p.label} class="dot" cx={x(i)} cy={yConversions(p.conversions)} r={3} />
        ))}
        {points.map((p, i) =>
          i % every === 0 ? (
            <text key={p.label} class="tick" x={x(i)} y={HEIGHT - PAD.bottom + 16} text-anchor="middle">
              {short(p.label)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>
        <span class="legend-bar">Clicks</span> (left scale) and <span class="legend-line">conversions</span>{' '}
        (right scale) per {unit}, in {report.tz}.
      </figcaption>
    </figure>
  );
}
