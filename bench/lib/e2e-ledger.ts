import type { Client } from 'pg';

/** Per visit, one byte of flags; typed arrays keep a million visits in a few MB. */
export const CLICKED = 1;
/** A postback the contract says must become a conversion once answered 200. */
export const VALID_SENT = 2;
/** A valid postback of this visit was answered 200. */
export const ACCEPTED = 4;
/** A postback that must never become a conversion (fuzz junk). */
export const JUNK_SENT = 8;
/** A postback of this visit was answered 4xx (a valid one then must not become a conversion). */
export const REFUSED = 16;
/** A postback of this visit got no answer (a fault cut it off): it may or may not have been taken. */
export const CUT_OFF = 32;

const grow = <T extends Uint8Array | Uint32Array>(array: T, needed: number, make: (size: number) => T): T => {
  if (needed <= array.length) return array;
  const bigger = make(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
};

/**
 * What the harness must remember to account for every postback, and nothing more: flags and the
 * first 200's time per visit number, and the id of every 200/400 answer (16 bytes each). At the end
 * it goes to Postgres, where the accounting is a few joins against what the services stored.
 */
export class Ledger {
  private flags = new Uint8Array(1 << 16);
  /** The fuzz case of each visit, as an index into `labels`. */
  private labelOf = new Uint8Array(1 << 16);
  private readonly labels: string[] = [];
  private acceptedAtMs = new Uint32Array(1 << 16);
  private answerIds = new Uint8Array(16 << 12);
  private answerStatus = new Uint8Array(1 << 12);
  private answers = 0;
  private visits = 0;

  constructor(readonly startedAt: number) {}

  get visitCount(): number {
    return this.visits;
  }

  get answerCount(): number {
    return this.answers;
  }

  mark(n: number, flag: number): void {
    this.flags = grow(this.flags, n + 1, (size) => new Uint8Array(size));
    this.flags[n] = (this.flags[n] ?? 0) | flag;
    this.visits = Math.max(this.visits, n + 1);
  }

  label(n: number, label: string): void {
    let index = this.labels.indexOf(label);
    if (index < 0) index = this.labels.push(label) - 1;
    this.labelOf = grow(this.labelOf, n + 1, (size) => new Uint8Array(size));
    this.labelOf[n] = index;
  }

  has(n: number, flag: number): boolean {
    return ((this.flags[n] ?? 0) & flag) !== 0;
  }

  accepted(n: number): void {
    if (this.has(n, ACCEPTED)) return;
    this.mark(n, ACCEPTED);
    this.acceptedAtMs = grow(this.acceptedAtMs, n + 1, (size) => new Uint32Array(size));
    this.acceptedAtMs[n] = Date.now() - this.startedAt;
  }

  /** A 200 or 400 answer naming its postback-log entry. */
  answered(postbackId: string, status: 200 | 400): void {
    const hex = postbackId.replace(/-/g, '');
    this.answerIds = grow(this.answerIds, (this.answers + 1) * 16, (size) => new Uint8Array(size));
    this.answerStatus = grow(this.answerStatus, this.answers + 1, (size) => new Uint8Array(size));
    Buffer.from(this.answerIds.buffer, this.answerIds.byteOffset).write(hex, this.answers * 16, 16, 'hex');
    this.answerStatus[this.answers] = status === 200 ? 1 : 2;
    this.answers++;
  }

  count(flag: number): number {
    let total = 0;
    for (let n = 0; n < this.visits; n++) if (((this.flags[n] ?? 0) & flag) !== 0) total++;
    return total;
  }

  /** Copies the ledger into `bench_visits` and `bench_answers` (batched, one statement per 50,000 rows). */
  async upload(db: Client): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS bench_visits, bench_answers, bench_events`);
    await db.query(
      `CREATE TABLE bench_visits (n int PRIMARY KEY, flags smallint NOT NULL, accepted_ms int, label text)`,
    );
    await db.query(`CREATE TABLE bench_answers (id uuid NOT NULL, status smallint NOT NULL)`);
    await db.query(`CREATE TABLE bench_events (conversion_id uuid NOT NULL, revision int NOT NULL)`);
    const chunk = 50_000;
    for (let from = 0; from < this.visits; from += chunk) {
      const ns: number[] = [];
      const flags: number[] = [];
      const at: (number | null)[] = [];
      const labels: (string | null)[] = [];
      for (let n = from; n < Math.min(this.visits, from + chunk); n++) {
        const flag = this.flags[n] ?? 0;
        if (flag === 0) continue;
        ns.push(n);
        flags.push(flag);
        at.push((flag & ACCEPTED) !== 0 ? (this.acceptedAtMs[n] ?? 0) : null);
        labels.push(this.labels[this.labelOf[n] ?? 0] ?? null);
      }
      await db.query(
        `INSERT INTO bench_visits SELECT * FROM unnest($1::int[], $2::smallint[], $3::int[], $4::text[])`,
        [ns, flags, at, labels],
      );
    }
    const bytes = Buffer.from(this.answerIds.buffer, this.answerIds.byteOffset);
    for (let from = 0; from < this.answers; from += chunk) {
      const ids: string[] = [];
      const statuses: number[] = [];
      for (let i = from; i < Math.min(this.answers, from + chunk); i++) {
        ids.push(bytes.toString('hex', i * 16, i * 16 + 16));
        statuses.push(this.answerStatus[i] === 1 ? 200 : 400);
      }
      await db.query(`INSERT INTO bench_answers SELECT * FROM unnest($1::uuid[], $2::smallint[])`, [
        ids,
        statuses,
      ]);
    }
    await db.query(`CREATE INDEX ON bench_events (conversion_id, revision)`);
    await db.query(`ANALYZE bench_visits`);
    await db.query(`ANALYZE bench_answers`);
  }
}

export interface Accounting {
  /** Valid postbacks answered 200 without a conversion. */
  readonly lost: number;
  /** Visits with more than one conversion. */
  readonly doubled: number;
  /** Conversions from visits that sent no valid postback (junk that became a conversion). */
  readonly fromJunk: number;
  /** Conversions from valid postbacks that were only ever refused (4xx) and never cut off. */
  readonly fromRefused: number;
  /** Where the unexpected conversions (from junk or refused postbacks) came from: case → count. */
  readonly unexpectedByCase: Record<string, number>;
  /** Conversions whose txid is no visit's. */
  readonly stray: number;
  readonly conversions: number;
  /** Conversions of visits whose valid postback never got a 200 (sent, then a fault): allowed. */
  readonly fromUnanswered: number;
  /** 200/400 answers without a postback-log entry. */
  readonly missingLog: number;
  readonly answers: number;
  readonly pending: number;
  readonly lostClicks: number;
  readonly clicks: number;
  readonly p50LagMs: number;
  readonly p99LagMs: number;
}

/** The accounting, in SQL over the uploaded ledger and the services' tables in `schema`. */
export async function account(db: Client, schema: string, startedAt: number): Promise<Accounting> {
  const conversions = await db.query<Record<string, string | null>>(
    `WITH c AS (SELECT txid, count(*) AS n, min(created_at) AS created FROM ${schema}.conversions GROUP BY txid),
          j AS (SELECT v.n, v.flags, v.accepted_ms, c.n AS conversions, c.created
                  FROM bench_visits v LEFT JOIN c ON c.txid = 'T' || v.n)
     SELECT count(*) FILTER (WHERE flags & ${String(ACCEPTED)} <> 0 AND conversions IS NULL) AS lost,
            count(*) FILTER (WHERE conversions > 1) AS doubled,
            count(*) FILTER (WHERE conversions IS NOT NULL AND flags & ${String(VALID_SENT)} = 0) AS from_junk,
            count(*) FILTER (WHERE conversions IS NOT NULL AND flags & ${String(VALID_SENT)} <> 0
                               AND flags & ${String(ACCEPTED)} = 0 AND flags & ${String(CUT_OFF)} <> 0) AS from_unanswered,
            count(*) FILTER (WHERE conversions IS NOT NULL AND flags & ${String(VALID_SENT)} <> 0
                               AND flags & ${String(ACCEPTED + CUT_OFF)} = 0) AS from_refused,
            (SELECT count(*) FROM c WHERE NOT EXISTS (SELECT 1 FROM bench_visits v WHERE 'T' || v.n = c.txid)) AS stray,
            (SELECT count(*) FROM ${schema}.conversions) AS conversions,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created) * 1000 - $1::bigint - accepted_ms)
              FILTER (WHERE accepted_ms IS NOT NULL) AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM created) * 1000 - $1::bigint - accepted_ms)
              FILTER (WHERE accepted_ms IS NOT NULL) AS p99
       FROM j`,
    [startedAt],
  );
  const log = await db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM bench_answers a
              WHERE NOT EXISTS (SELECT 1 FROM ${schema}.postback_log l WHERE l.id = a.id)) AS missing,
            (SELECT count(*) FROM bench_answers) AS answers,
            (SELECT count(*) FROM ${schema}.postback_log WHERE outcome = 'pending') AS pending`,
  );
  const clicks = await db.query<Record<string, string>>(
    // A join, not a correlated NOT EXISTS inside FILTER: that one is a scan of clicks per visit,
    // hours at a million clicks (clicks has no index on external_id).
    `SELECT count(*) FILTER (WHERE k.external_id IS NULL) AS lost, count(*) AS clicks
       FROM bench_visits v
       LEFT JOIN (SELECT DISTINCT external_id FROM ${schema}.clicks) k ON k.external_id = 'v' || v.n
      WHERE v.flags & ${String(CLICKED)} <> 0`,
  );
  const unexpected = await db.query<{ label: string | null; n: string }>(
    `SELECT v.label, count(*) AS n FROM bench_visits v
      WHERE EXISTS (SELECT 1 FROM ${schema}.conversions c WHERE c.txid = 'T' || v.n)
        AND (v.flags & ${String(VALID_SENT)} = 0 OR v.flags & ${String(ACCEPTED + CUT_OFF)} = 0)
      GROUP BY v.label`,
  );
  const c = conversions.rows[0] ?? {};
  const l = log.rows[0] ?? {};
  const k = clicks.rows[0] ?? {};
  return {
    lost: Number(c.lost),
    doubled: Number(c.doubled),
    fromJunk: Number(c.from_junk),
    fromUnanswered: Number(c.from_unanswered),
    fromRefused: Number(c.from_refused),
    unexpectedByCase: Object.fromEntries(unexpected.rows.map((row) => [row.label ?? '?', Number(row.n)])),
    stray: Number(c.stray),
    conversions: Number(c.conversions),
    p50LagMs: Math.round(Number(c.p50 ?? 0)),
    p99LagMs: Math.round(Number(c.p99 ?? 0)),
    missingLog: Number(l.missing),
    answers: Number(l.answers),
    pending: Number(l.pending),
    lostClicks: Number(k.lost),
    clicks: Number(k.clicks),
  };
}

/** Conversion revisions (1..revision of each conversion) with no event in `bench_events`. */
export async function missingEvents(
  db: Client,
  schema: string,
): Promise<{ expected: number; missing: number }> {
  const result = await db.query<{ expected: string; missing: string }>(
    `WITH wanted AS (SELECT c.id, r FROM ${schema}.conversions c, generate_series(1, c.revision) r)
     SELECT count(*) AS expected,
            count(*) FILTER (WHERE NOT EXISTS
              (SELECT 1 FROM bench_events e WHERE e.conversion_id = wanted.id AND e.revision = wanted.r)) AS missing
       FROM wanted`,
  );
  return { expected: Number(result.rows[0]?.expected), missing: Number(result.rows[0]?.missing) };
}

/** How many conversions were stored inside each fault's window (attribution kept working, or not). */
export async function conversionsDuring(
  db: Client,
  schema: string,
  windows: readonly { label: string; from: number; to: number }[],
): Promise<{ label: string; count: number }[]> {
  const result = await db.query<{ i: string; count: string }>(
    `SELECT w.i, count(c.id) AS count
       FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS w(f, t, i)
       LEFT JOIN ${schema}.conversions c
         ON c.created_at >= to_timestamp(w.f / 1000.0) AND c.created_at < to_timestamp(w.t / 1000.0)
      GROUP BY w.i ORDER BY w.i`,
    [windows.map((w) => w.from), windows.map((w) => w.to)],
  );
  return result.rows.map((row) => ({
    label: windows[Number(row.i) - 1]?.label ?? '?',
    count: Number(row.count),
  }));
}
