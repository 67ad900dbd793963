import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports v2 (issue 17): hourly rollups kept by triggers, exchange rates and campaign costs.
 *
 * Rollups are UTC hour buckets (`date_bin`, independent of the session's TimeZone). Statement-level
 * AFTER triggers with transition tables fold each INSERT/UPDATE/DELETE statement into the rollups
 * inside the writer's own transaction: a row skipped by ON CONFLICT DO NOTHING is not in the
 * transition table (so a redelivered click or postback adds nothing), and a revised conversion
 * moves its count and amount from the old (status, currency, amount) to the new one in the same
 * commit as the conversion itself. Two rollups: catalog ids by hour (most reports), and the same
 * plus one attribute (var1..var10, country, device, OS, browser; one row per hour, attribute,
 * value and catalog ids, `''` when there is none): attributes are high-cardinality and their
 * product would grow with the clicks, so a report groups by one attribute at a time.
 *
 * Deltas are grouped and applied in key order, so two writers of the same buckets wait rather than
 * deadlock. Clicks moved between partitions by ensure-partitions go straight into the partition
 * tables, which does not fire the parent's statement triggers (no double count).
 */
export class ReportRollupsRatesAndCosts1795468100000 implements MigrationInterface {
  name = 'ReportRollupsRatesAndCosts1795468100000';

  async up(db: QueryRunner): Promise<void> {
    // The same columns as the GeoIP/bot migration (1795468000000) adds: IF NOT EXISTS makes the
    // two branches merge in either order.
    await db.query(`ALTER TABLE clicks ADD COLUMN IF NOT EXISTS bot boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE conversions ADD COLUMN IF NOT EXISTS test boolean NOT NULL DEFAULT false`);

    await db.query(`
      CREATE TABLE exchange_rates (
        day        date NOT NULL,
        currency   char(3) NOT NULL,
        rate       numeric(30,12) NOT NULL CHECK (rate > 0),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_exchange_rates PRIMARY KEY (day, currency)
      )`);
    await db.query(`
      CREATE TABLE campaign_costs (
        id          uuid NOT NULL DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        starts_at   timestamptz(3) NOT NULL,
        ends_at     timestamptz(3) NOT NULL,
        amount      numeric(18,6) NOT NULL,
        currency    char(3) NOT NULL,
        created_at  timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_campaign_costs PRIMARY KEY (id),
        CONSTRAINT ck_campaign_costs_range CHECK (ends_at > starts_at)
      )`);
    await db.query(`CREATE INDEX idx_campaign_costs_ends_at ON campaign_costs (ends_at, starts_at)`);

    const catalog = `campaign_id uuid NOT NULL, offer_id uuid NOT NULL, affiliate_network_id uuid NOT NULL,
                     traffic_source_id uuid NOT NULL`;
    const clickFigures = `clicks bigint NOT NULL, bot_clicks bigint NOT NULL, cost numeric(24,6) NOT NULL`;
    const conversionKey = `event_type varchar(32) NOT NULL, currency char(3) NOT NULL,
                           status conversion_status NOT NULL, test boolean NOT NULL`;
    const conversionFigures = `conversions bigint NOT NULL, amount numeric(24,6) NOT NULL`;
    const ids = 'campaign_id, offer_id, affiliate_network_id, traffic_source_id';
    // Catalog and time only: what most reports group by, a few rows per campaign and hour.
    await db.query(`
      CREATE TABLE report_catalog_click_rollup (hour timestamptz NOT NULL, ${catalog}, ${clickFigures},
        CONSTRAINT pk_report_catalog_click_rollup PRIMARY KEY (hour, ${ids}))`);
    await db.query(`
      CREATE TABLE report_catalog_conversion_rollup (hour timestamptz NOT NULL, ${catalog}, ${conversionKey},
        ${conversionFigures},
        CONSTRAINT pk_report_catalog_conversion_rollup PRIMARY KEY (hour, ${ids}, event_type, currency, status, test))`);
    // One attribute at a time (var1..var10, country, device, OS, browser: ATTRIBUTES below), so a
    // bucket holds the values of one attribute, not the product of all of them.
    await db.query(`
      CREATE TABLE report_attribute_click_rollup (hour timestamptz NOT NULL, attribute smallint NOT NULL,
        value text NOT NULL, ${catalog}, ${clickFigures},
        CONSTRAINT pk_report_attribute_click_rollup PRIMARY KEY (attribute, hour, value, ${ids}))`);
    await db.query(`
      CREATE TABLE report_attribute_conversion_rollup (hour timestamptz NOT NULL, attribute smallint NOT NULL,
        value text NOT NULL, ${catalog}, ${conversionKey}, ${conversionFigures},
        CONSTRAINT pk_report_attribute_conversion_rollup
          PRIMARY KEY (attribute, hour, value, ${ids}, event_type, currency, status, test))`);

    // `%s` is the delta: click rows (or conversion rows with a `sign`) of the statement.
    const hour = `date_bin('1 hour', d.%TIME%, timestamptz '2000-01-01 00:00:00+00')`;
    const clickHour = hour.replace('%TIME%', 'clicked_at');
    const conversionHour = hour.replace('%TIME%', 'converted_at');
    const addClicks = `clicks = r.clicks + excluded.clicks, bot_clicks = r.bot_clicks + excluded.bot_clicks,
                       cost = r.cost + excluded.cost`;
    const addConversions = `conversions = r.conversions + excluded.conversions, amount = r.amount + excluded.amount`;
    const clickSums = `coalesce(sum(d.sign) FILTER (WHERE NOT d.bot), 0),
                       coalesce(sum(d.sign) FILTER (WHERE d.bot), 0), coalesce(sum(d.sign * d.cost), 0)`;
    const conversionSums = `sum(d.sign), sum(d.sign * d.payout_amount)`;
    // Each row once per attribute, '' when it has no value. Visitor fields come from `visitor`:
    // the click itself, or for a conversion its click (it may be gone or never stored: '').
    const attributes = (visitor: string) =>
      `CROSS JOIN LATERAL (VALUES ${ATTRIBUTES.map((name, index) =>
        name.startsWith('var')
          ? `(${index + 1}, d.vars ->> '${name}')`
          : `(${index + 1}, ${visitor}.${name}::text)`,
      ).join(', ')}) AS a(n, value)`;

    const clickUpserts = `
      INSERT INTO report_catalog_click_rollup AS r (hour, ${ids}, clicks, bot_clicks, cost)
      SELECT ${clickHour}, ${prefixed('d', ids)}, ${clickSums}
        FROM (%s) d GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ON CONSTRAINT pk_report_catalog_click_rollup DO UPDATE SET ${addClicks};
      INSERT INTO report_attribute_click_rollup AS r (hour, attribute, value, ${ids}, clicks, bot_clicks, cost)
      SELECT ${clickHour}, a.n, coalesce(a.value, ''), ${prefixed('d', ids)}, ${clickSums}
        FROM (%s) d ${attributes('d')} GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 2, 1, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT pk_report_attribute_click_rollup DO UPDATE SET ${addClicks};`;
    await db.query(rollupFunction('report_rollup_clicks', clickUpserts));

    const conversionUpserts = `
      INSERT INTO report_catalog_conversion_rollup AS r (hour, ${ids}, event_type, currency, status, test,
                                                          conversions, amount)
      SELECT ${conversionHour}, ${prefixed('d', ids)}, d.event_type, d.payout_currency, d.status, d.test,
             ${conversionSums}
        FROM (%s) d
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      HAVING sum(d.sign) <> 0 OR sum(d.sign * d.payout_amount) <> 0
       ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      ON CONFLICT ON CONSTRAINT pk_report_catalog_conversion_rollup DO UPDATE SET ${addConversions};
      INSERT INTO report_attribute_conversion_rollup AS r (hour, attribute, value, ${ids}, event_type, currency,
                                                            status, test, conversions, amount)
      SELECT ${conversionHour}, a.n, coalesce(a.value, ''), ${prefixed('d', ids)}, d.event_type, d.payout_currency,
             d.status, d.test, ${conversionSums}
        FROM (%s) d LEFT JOIN clicks c ON c.click_id = d.click_id AND c.clicked_at = d.clicked_at
             ${attributes('c')}
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
      HAVING sum(d.sign) <> 0 OR sum(d.sign * d.payout_amount) <> 0
       ORDER BY 2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11
      ON CONFLICT ON CONSTRAINT pk_report_attribute_conversion_rollup DO UPDATE SET ${addConversions};`;
    await db.query(rollupFunction('report_rollup_conversions', conversionUpserts));

    for (const [table, fn, operations] of [
      // Clicks are only ever deleted by retention (partitions dropped or emptied directly, which
      // fires no trigger on the parent): reports keep counting them beyond retention.
      ['clicks', 'report_rollup_clicks', ['INSERT']],
      ['conversions', 'report_rollup_conversions', ['INSERT', 'UPDATE', 'DELETE']],
    ] as const)
      for (const operation of operations) {
        const lower = operation.toLowerCase();
        const transition =
          operation === 'INSERT'
            ? 'NEW TABLE AS new_rows'
            : operation === 'DELETE'
              ? 'OLD TABLE AS old_rows'
              : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
        await db.query(`
          CREATE TRIGGER trg_${table}_rollup_${lower} AFTER ${operation} ON ${table}
          REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      }

    // What already exists, once: the same upserts over the whole tables (on a big install this
    // reads every click and conversion once, inside the migration's transaction).
    for (const [upserts, table] of [
      [clickUpserts, 'clicks'],
      [conversionUpserts, 'conversions'],
    ] as const)
      for (const statement of statementsOf(upserts))
        await db.query(statement.replaceAll('%s', `SELECT x.*, 1 AS sign FROM ${table} x`));
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, operations] of [
      ['clicks', ['insert']],
      ['conversions', ['insert', 'update', 'delete']],
    ] as const)
      for (const operation of operations)
        await db.query(`DROP TRIGGER trg_${table}_rollup_${operation} ON ${table}`);
    await db.query(`DROP FUNCTION report_rollup_clicks()`);
    await db.query(`DROP FUNCTION report_rollup_conversions()`);
    for (const table of [
      'report_attribute_conversion_rollup',
      'report_attribute_click_rollup',
      'report_catalog_conversion_rollup',
      'report_catalog_click_rollup',
      'campaign_costs',
      'exchange_rates',
    ])
      await db.query(`DROP TABLE ${table}`);
    // clicks.bot and conversions.test belong to the GeoIP/bot migration as well: left in place.
  }
}

/** Attribute numbers of the attribute rollups: 1..10 = var1..var10, then the visitor fields. */
const ATTRIBUTES = [
  ...Array.from({ length: 10 }, (_, index) => `var${index + 1}`),
  'country',
  'device',
  'os',
  'browser',
] as const;

const prefixed = (alias: string, columns: string): string =>
  columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');

const statementsOf = (sql: string): string[] =>
  sql
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);

/**
 * A plpgsql trigger function that runs `upserts` (each `%s` replaced by the statement's delta:
 * its rows with `sign` +1 for new rows, −1 for old ones). The transition tables are visible to
 * EXECUTE; `search_path` is pinned to the migrating schema (tests use one schema each).
 */
function rollupFunction(name: string, upserts: string): string {
  const executes = statementsOf(upserts)
    .map((statement) => {
      const count = statement.split('%s').length - 1;
      const args = Array.from({ length: count }, () => 'delta').join(', ');
      return `EXECUTE format($sql$${statement}$sql$, ${args});`;
    })
    .join('\n    ');
  return `
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
    DECLARE delta text;
    BEGIN
      delta := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM old_rows o'
        ELSE 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o'
      END;
      ${executes}
      RETURN NULL;
    END
    $fn$`;
}
