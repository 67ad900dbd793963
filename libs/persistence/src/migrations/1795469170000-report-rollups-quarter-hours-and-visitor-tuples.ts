import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ReportRollupsRatesAndCosts1795468100000 } from './1795468100000-report-rollups-rates-and-costs';

/**
 * Report rollups v2 (issue 17 follow-up): every `groupBy` combination, any IANA zone, cheaper upkeep.
 * Replaces the hourly catalog/attribute rollups of 1795468100000 (rebuilt from the raw tables once).
 *
 * - **15-minute UTC buckets** (`date_bin`): every zone's offset since 1980 is a multiple of 15
 *   minutes (Asia/Kolkata +05:30, Asia/Kathmandu +05:45, Australia/Adelaide +09:30/+10:30), so a
 *   local day or hour is a whole number of buckets and reports in any zone are exact, DST included.
 * - **Catalog keys**: the (campaign, offer, network, source) tuples of the rollups get a small
 *   integer id in `report_catalog_keys`; rollup keys are 4 bytes instead of 64, which halves the
 *   index work of every upsert and read.
 * - Three rollups each for clicks and conversions:
 *   `catalog` (bucket, catalog key): reports with catalog, time and event-type levels only;
 *   `visitor` (+ country, device, os, browser, `''` when unknown): the tuple, not one attribute per
 *   row, so any combination of visitor levels is one read; device, OS and browser follow from the
 *   user agent and are few per country, so the tuples of a bucket stay few;
 *   `variable` (+ variable number, value): one row per click and variable **that has a value**
 *   (a click with two variables adds two rows, not ten), so the `''` group of a variable is read
 *   as the visitor rollup minus the variable's rows; combined with any visitor levels.
 *   Two or more variables at once are per-click data: reports read the raw rows for those.
 * - Kept exactly as the 1795468100000 triggers were: statement-level AFTER triggers fold each
 *   statement's transition table (skipped ON CONFLICT rows are not in it; an UPDATE is −old +new)
 *   into one GROUP BY upsert per rollup, in key order, in the writer's own transaction; the
 *   delta is read once per statement for the three rollups (one statement, data-modifying CTEs).
 *   A catalog tuple seen for the first time is inserted into `report_catalog_keys` first; two
 *   transactions that both bring the same new tuple wait for each other there once (at worst a
 *   deadlock Postgres resolves by aborting one, which its writer retries as any failed batch).
 */
export class ReportRollupsQuarterHoursAndVisitorTuples1795469170000 implements MigrationInterface {
  name = 'ReportRollupsQuarterHoursAndVisitorTuples1795469170000';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, operations] of OLD_TRIGGERS)
      for (const operation of operations)
        await db.query(`DROP TRIGGER trg_${table}_rollup_${operation} ON ${table}`);
    await db.query(`DROP FUNCTION report_rollup_clicks()`);
    await db.query(`DROP FUNCTION report_rollup_conversions()`);
    for (const table of OLD_TABLES) await db.query(`DROP TABLE ${table}`);

    await db.query(`
      CREATE TABLE report_catalog_keys (
        id                   integer GENERATED ALWAYS AS IDENTITY,
        campaign_id          uuid NOT NULL,
        offer_id             uuid NOT NULL,
        affiliate_network_id uuid NOT NULL,
        traffic_source_id    uuid NOT NULL,
        CONSTRAINT pk_report_catalog_keys PRIMARY KEY (id),
        CONSTRAINT uq_report_catalog_keys UNIQUE (${IDS})
      )`);
    const clickFigures = `clicks bigint NOT NULL, bot_clicks bigint NOT NULL, cost numeric(24,6) NOT NULL`;
    const conversionKey = `event_type varchar(32) NOT NULL, currency char(3) NOT NULL,
                           status conversion_status NOT NULL, test boolean NOT NULL`;
    const conversionKeyColumns = 'event_type, currency, status, test';
    const conversionFigures = `conversions bigint NOT NULL, amount numeric(24,6) NOT NULL`;
    // Byte order ("C"): keys are compared, never shown sorted by Postgres, and memcmp is far
    // cheaper than a locale's collation in every upsert's sort and index probe.
    const visitor = VISITOR.split(', ')
      .map((field) => `${field} text COLLATE "C" NOT NULL`)
      .join(', ');
    for (const [kind, key, figures] of [
      ['click', '', clickFigures],
      ['conversion', `, ${conversionKey}`, conversionFigures],
    ] as const) {
      const extra = kind === 'conversion' ? `, ${conversionKeyColumns}` : '';
      await db.query(`
        CREATE TABLE report_${kind}_catalog_rollup (bucket timestamptz NOT NULL, catalog integer NOT NULL${key},
          ${figures}, CONSTRAINT pk_report_${kind}_catalog_rollup PRIMARY KEY (bucket, catalog${extra}))`);
      await db.query(`
        CREATE TABLE report_${kind}_visitor_rollup (bucket timestamptz NOT NULL, catalog integer NOT NULL,
          ${visitor}${key}, ${figures},
          CONSTRAINT pk_report_${kind}_visitor_rollup
            PRIMARY KEY (bucket, catalog, ${VISITOR}${extra}))`);
      await db.query(`
        CREATE TABLE report_${kind}_variable_rollup (variable smallint NOT NULL, value text COLLATE "C" NOT NULL,
          bucket timestamptz NOT NULL, catalog integer NOT NULL, ${visitor}${key}, ${figures},
          CONSTRAINT pk_report_${kind}_variable_rollup
            PRIMARY KEY (variable, bucket, value, catalog, ${VISITOR}${extra}))`);
    }

    await db.query(clickRollupFunction('planned-each-time'));
    // Conversions had no visitor fields of their own yet: their click's (1795469180000 copies them).
    await db.query(conversionRollupFunction('click', 'planned-each-time'));
    await createTriggers(db);
    // What already exists, once (on a big install this reads every click and conversion).
    for (const statement of reportRollupBackfill('true', 'click')) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, operations] of OLD_TRIGGERS)
      for (const operation of operations)
        await db.query(`DROP TRIGGER trg_${table}_rollup_${operation} ON ${table}`);
    await db.query(`DROP FUNCTION report_rollup_clicks()`);
    await db.query(`DROP FUNCTION report_rollup_conversions()`);
    for (const kind of ['click', 'conversion'])
      for (const rollup of ['catalog', 'visitor', 'variable'])
        await db.query(`DROP TABLE report_${kind}_${rollup}_rollup`);
    await db.query(`DROP TABLE report_catalog_keys`);
    // The hourly rollups again, from their own (applied, unchanged) migration: it also creates the
    // rates and costs tables, so those step aside while it runs and keep their rows.
    await db.query(`ALTER TABLE exchange_rates RENAME TO exchange_rates_kept`);
    await db.query(`ALTER TABLE campaign_costs RENAME TO campaign_costs_kept`);
    await db.query(`ALTER INDEX idx_campaign_costs_ends_at RENAME TO idx_campaign_costs_ends_at_kept`);
    await db.query(
      `ALTER TABLE exchange_rates_kept RENAME CONSTRAINT pk_exchange_rates TO pk_exchange_rates_kept`,
    );
    await db.query(
      `ALTER TABLE campaign_costs_kept RENAME CONSTRAINT pk_campaign_costs TO pk_campaign_costs_kept`,
    );
    await new ReportRollupsRatesAndCosts1795468100000().up(db);
    await db.query(`DROP TABLE exchange_rates, campaign_costs`);
    await db.query(`ALTER TABLE exchange_rates_kept RENAME TO exchange_rates`);
    await db.query(`ALTER TABLE campaign_costs_kept RENAME TO campaign_costs`);
    await db.query(`ALTER INDEX idx_campaign_costs_ends_at_kept RENAME TO idx_campaign_costs_ends_at`);
    await db.query(
      `ALTER TABLE exchange_rates RENAME CONSTRAINT pk_exchange_rates_kept TO pk_exchange_rates`,
    );
    await db.query(
      `ALTER TABLE campaign_costs RENAME CONSTRAINT pk_campaign_costs_kept TO pk_campaign_costs`,
    );
  }
}

/**
 * Where a conversion's visitor fields (country, device, os, browser) come from: its click, joined
 * on every statement (before 1795469180000), or its own columns, copied from the click when it was
 * attributed (since): no click lookup per conversion, and an update or delete of a conversion whose
 * click partition was dropped by retention still finds the visitor tuple it was counted under.
 */
export type ConversionVisitorSource = 'click' | 'conversion';

/**
 * The statements that fold existing rows into the rollups (additive, so a range at a time works):
 * `where` narrows both tables' rows by their `x` alias, e.g. `x.click_id >= '…'`. The migration
 * runs it over everything; `bench/reports --bulk` over the rows it seeded with triggers off.
 */
export function reportRollupBackfill(
  where = 'true',
  visitorSource: ConversionVisitorSource = 'conversion',
): string[] {
  return (
    [
      [clickUpserts(), 'clicks'],
      [conversionUpserts(visitorSource), 'conversions'],
    ] as const
  ).flatMap(([upserts, table]) =>
    statementsOf(upserts).map((statement) =>
      statement.replaceAll('%s', `SELECT x.*, 1 AS sign FROM ${table} x WHERE ${where}`),
    ),
  );
}

const IDS = 'campaign_id, offer_id, affiliate_network_id, traffic_source_id';
const VISITOR = 'country, device, os, browser';
const OLD_TRIGGERS = [
  ['clicks', ['insert']],
  ['conversions', ['insert', 'update', 'delete']],
] as const;
const OLD_TABLES = [
  'report_attribute_conversion_rollup',
  'report_attribute_click_rollup',
  'report_catalog_conversion_rollup',
  'report_catalog_click_rollup',
];

async function createTriggers(db: QueryRunner): Promise<void> {
  for (const [table, fn, operations] of [
    // Clicks are only ever deleted by retention (partitions dropped or emptied directly, which
    // fires no trigger on the parent): reports keep counting them beyond retention.
    ['clicks', 'report_rollup_clicks', ['INSERT']],
    ['conversions', 'report_rollup_conversions', ['INSERT', 'UPDATE', 'DELETE']],
  ] as const)
    for (const operation of operations) {
      const transition =
        operation === 'INSERT'
          ? 'NEW TABLE AS new_rows'
          : operation === 'DELETE'
            ? 'OLD TABLE AS old_rows'
            : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await db.query(`
        CREATE TRIGGER trg_${table}_rollup_${operation.toLowerCase()} AFTER ${operation} ON ${table}
        REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
}

const BUCKET = (column: string) => `date_bin('15 minutes', ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/** New catalog tuples of the delta get their id; only unseen ones reach the INSERT (no gaps burnt). */
const catalogKeys = `
  INSERT INTO report_catalog_keys (${IDS})
  SELECT DISTINCT ${prefixed('d', IDS)} FROM (%s) d
   WHERE NOT EXISTS (SELECT 1 FROM report_catalog_keys k
                      WHERE (${prefixed('k', IDS)}) = (${prefixed('d', IDS)}))
   ORDER BY 1, 2, 3, 4
  ON CONFLICT DO NOTHING`;

/** The variables of delta row `x` that have a value: (number, value), from its `vars` jsonb. */
const variables = `CROSS JOIN LATERAL (
    SELECT substr(v.key, 4)::smallint AS n, v.value COLLATE "C" AS value FROM jsonb_each_text(x.vars) v
     WHERE v.key IN (${Array.from({ length: 10 }, (_, i) => `'var${i + 1}'`).join(', ')}) AND v.value <> '') a`;

/** The visitor tuple of `alias` (the click itself, or a conversion's click), '' when unknown. */
const visitorOf = (alias: string) =>
  VISITOR.split(', ')
    .map((field) => `coalesce(${alias}.${field}::text, '') COLLATE "C" AS ${field}`)
    .join(', ');

interface Figures {
  /** The rollups' figure columns, their sums over delta rows `x`, and how a conflict adds them. */
  readonly columns: string;
  readonly sums: string;
  readonly add: string;
  readonly having: string;
  /**
   * The same figures in two steps, for a pre-aggregated delta: `partials` sums the written rows
   * `y` of one full key (the columns of x), and `sums` and `having` add those partial sums up.
   */
  readonly twoStep: { readonly partials: string; readonly sums: string; readonly having: string };
}

/**
 * How a trigger's delta reaches its three upserts: `per-row`, every written row as it is (up to
 * 1795469200000); `pre-aggregated`, first summed per full key (bucket, catalog, visitor tuple,
 * vars and the kind's own keys), so each rollup groups a few partial sums instead of every row
 * and a batch's variables are expanded once per distinct `vars`, not once per row. Sums are
 * associative: both give the same rollups (test: rollup-pre-aggregated-migration).
 */
export type RollupDelta = 'per-row' | 'pre-aggregated';

/** `1, 2, …`: the positions of a comma-separated column list, for GROUP BY and ORDER BY. */
const positionsOf = (columns: string): string =>
  columns
    .split(',')
    .map((_, i) => i + 1)
    .join(', ');

/** One GROUP BY upsert of the delta `x` into `table`: its key columns, then the figures. */
function upsert(table: string, keys: string, figures: Figures, from = 'x'): string {
  const columns = keys.split(',').map((column) => column.trim());
  // The variable's number and value come from `variables` (alias a), the rest from the delta.
  const selected = columns.map((column) =>
    column === 'variable' ? 'a.n' : column === 'value' ? 'a.value' : `x.${column}`,
  );
  const positions = positionsOf(keys);
  return `INSERT INTO ${table} AS r (${keys}, ${figures.columns})
    SELECT ${selected.join(', ')}, ${figures.sums}
      FROM ${from} GROUP BY ${positions} ${figures.having} ORDER BY ${positions}
    ON CONFLICT ON CONSTRAINT pk_${table} DO UPDATE SET ${figures.add}`;
}

/**
 * One statement for the three rollups of `kind`: the delta with its catalog id (and visitor
 * fields) read once into `x`, then one upsert per rollup (data-modifying CTEs all run).
 */
function rollupUpserts(
  kind: 'click' | 'conversion',
  delta: { readonly rows: string; readonly keys: string; readonly shape: RollupDelta },
  perRow: Figures,
  key: string,
): string {
  const withKey = key === '' ? '' : `, ${key}`;
  const preAggregated = delta.shape === 'pre-aggregated';
  const x = preAggregated
    ? `SELECT ${prefixed('y', delta.keys)}, ${perRow.twoStep.partials} FROM (${delta.rows}) y
        GROUP BY ${positionsOf(delta.keys)}`
    : delta.rows;
  const figures = preAggregated ? { ...perRow, ...perRow.twoStep } : perRow;
  return `${catalogKeys};
  WITH x AS MATERIALIZED (${x}),
       catalog AS (${upsert(`report_${kind}_catalog_rollup`, `bucket, catalog${withKey}`, figures)}),
       visitor AS (${upsert(`report_${kind}_visitor_rollup`, `bucket, catalog, ${VISITOR}${withKey}`, figures)})
  ${upsert(`report_${kind}_variable_rollup`, `variable, value, bucket, catalog, ${VISITOR}${withKey}`, figures, `x ${variables}`)}`;
}

function clickUpserts(shape: RollupDelta = 'per-row'): string {
  // A test click (the test-postback tool's) is no visitor: it is in no report; its test
  // conversion is, with includeTest=true.
  const clicks = `coalesce(sum(x.sign) FILTER (WHERE NOT x.bot), 0), coalesce(sum(x.sign) FILTER (WHERE x.bot), 0)`;
  return rollupUpserts(
    'click',
    {
      rows: `SELECT ${BUCKET('d.clicked_at')} AS bucket, k.id AS catalog, ${visitorOf('d')}, d.vars, d.sign, d.bot, d.cost
       FROM (%s) d JOIN report_catalog_keys k USING (${IDS})
      WHERE NOT d.test`,
      keys: `bucket, catalog, ${VISITOR}, vars, bot`,
      shape,
    },
    {
      columns: 'clicks, bot_clicks, cost',
      sums: `${clicks},
             coalesce(sum(x.sign * x.cost), 0)`,
      add: `clicks = r.clicks + excluded.clicks, bot_clicks = r.bot_clicks + excluded.bot_clicks,
            cost = r.cost + excluded.cost`,
      having: '',
      twoStep: {
        partials: 'sum(y.sign) AS sign, sum(y.sign * y.cost) AS cost',
        sums: `${clicks}, coalesce(sum(x.cost), 0)`,
        having: '',
      },
    },
    '',
  );
}

/**
 * How a trigger function runs its upserts: `planned-each-time` builds each statement as text and
 * runs it with EXECUTE, so Postgres plans it on every call (as the functions did up to
 * 1795469190000); `cached` writes them as static SQL, one branch per operation, so each session
 * plans them once and reuses the plan.
 */
export type RollupPlans = 'planned-each-time' | 'cached';

/** The clicks' trigger function. */
export function clickRollupFunction(plans: RollupPlans, shape: RollupDelta = 'per-row'): string {
  return rollupFunction('report_rollup_clicks', clickUpserts(shape), plans);
}

/** The conversions' trigger function, its visitor fields read from `visitorSource`. */
export function conversionRollupFunction(
  visitorSource: ConversionVisitorSource,
  plans: RollupPlans,
  shape: RollupDelta = 'per-row',
): string {
  return rollupFunction('report_rollup_conversions', conversionUpserts(visitorSource, shape), plans);
}

function conversionUpserts(visitorSource: ConversionVisitorSource, shape: RollupDelta = 'per-row'): string {
  // From the click: one partition (the key holds clicked_at).
  const clickJoin =
    visitorSource === 'click'
      ? 'LEFT JOIN clicks c ON c.click_id = d.click_id AND c.clicked_at = d.clicked_at'
      : '';
  const key = 'event_type, currency, status, test';
  return rollupUpserts(
    'conversion',
    {
      rows: `SELECT ${BUCKET('d.converted_at')} AS bucket, k.id AS catalog, ${visitorOf(visitorSource === 'click' ? 'c' : 'd')},
            d.vars, d.sign, d.event_type, d.payout_currency AS currency, d.status, d.test, d.payout_amount
       FROM (%s) d JOIN report_catalog_keys k USING (${IDS}) ${clickJoin}`,
      keys: `bucket, catalog, ${VISITOR}, vars, ${key}`,
      shape,
    },
    {
      columns: 'conversions, amount',
      sums: 'sum(x.sign), sum(x.sign * x.payout_amount)',
      add: 'conversions = r.conversions + excluded.conversions, amount = r.amount + excluded.amount',
      having: 'HAVING sum(x.sign) <> 0 OR sum(x.sign * x.payout_amount) <> 0',
      twoStep: {
        partials: 'sum(y.sign) AS sign, sum(y.sign * y.payout_amount) AS amount',
        sums: 'sum(x.sign), sum(x.amount)',
        having: 'HAVING sum(x.sign) <> 0 OR sum(x.amount) <> 0',
      },
    },
    key,
  );
}

function prefixed(alias: string, columns: string): string {
  return columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');
}

function statementsOf(sql: string): string[] {
  return sql
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/**
 * A plpgsql trigger function that runs `upserts` (each `%s` replaced by the statement's delta:
 * its rows with `sign` +1 for new rows, −1 for old ones). `search_path` is pinned to the
 * migrating schema (tests use one schema each). With cached plans each operation has its own
 * branch of static SQL: a branch is planned the first time it runs in a session (an INSERT
 * trigger never plans the branches that read `old_rows`, which it does not have), then reused.
 */
function rollupFunction(name: string, upserts: string, plans: RollupPlans): string {
  const deltas = {
    INSERT: 'SELECT n.*, 1 AS sign FROM new_rows n',
    DELETE: 'SELECT o.*, -1 AS sign FROM old_rows o',
    UPDATE: 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o',
  };
  const statements = statementsOf(upserts);
  if (plans === 'cached') {
    const run = (delta: string) =>
      statements.map((statement) => `${statement.replaceAll('%s', delta)};`).join('\n      ');
    return `
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${run(deltas.INSERT)}
      ELSIF TG_OP = 'DELETE' THEN
        ${run(deltas.DELETE)}
      ELSE
        ${run(deltas.UPDATE)}
      END IF;
      RETURN NULL;
    END
    $fn$`;
  }
  const executes = statements
    .map((statement) => {
      const count = statement.split('%s').length - 1;
      const args = Array.from({ length: count }, () => 'delta').join(', ');
      return `EXECUTE format($sql$${statement}$sql$, ${args});`;
    })
    .join('\n    ');
  return `
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
    DECLARE delta text;
    BEGIN
      delta := CASE TG_OP
        WHEN 'INSERT' THEN '${deltas.INSERT}'
        WHEN 'DELETE' THEN '${deltas.DELETE}'
        ELSE '${deltas.UPDATE}'
      END;
      ${executes}
      RETURN NULL;
    END
    $fn$`;
}
