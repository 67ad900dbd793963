import fc from 'fast-check';
import { createDataSource } from '@clickledger/persistence';
import { eventually, testInfrastructure } from '@clickledger/testing';
import type { DataSource } from 'typeorm';
import { ApiClient } from './api-client';
import { E2E_TOKEN, startSystem, type RunningSystem } from './system';

/**
 * CONTRACT §7 conversion upload, as a property over the real path (api → Kafka → attribution →
 * Postgres): any CSV or JSON-lines content — valid rows mixed with malformed ones, huge fields,
 * lone surrogates, NUL, quotes, odd keys — is answered 200 with exactly one result per non-blank
 * data line (or 413 when a bound is crossed, publishing nothing), never 5xx; the same file again
 * answers the same (the same postback ids, which attribution treats as redeliveries); and in the
 * end every valid row of an answered file is exactly one conversion, applied once (revision 1
 * after two uploads), with every answered id in the postback log.
 */
const RUNS = 60;
const CLICKS = 4;

interface UploadAnswer {
  readonly accepted: number;
  readonly rejected: number;
  readonly rows: { line: number; status: string; id?: string; reason?: string; clickId?: string }[];
}

/** A row the test knows to be valid: its click, and a txid unique in the whole test. */
interface ValidRow {
  readonly kind: 'valid';
  readonly click: number;
  readonly lowerCase: boolean;
  readonly payout: string | undefined;
  readonly status: 'approved' | 'pending' | 'declined' | undefined;
  readonly et: 'sale' | 'lead' | undefined;
  readonly extra: Record<string, string>;
}
interface JunkRow {
  readonly kind: 'junk';
  readonly text: string;
}
type Row = ValidRow | JunkRow;

const EMOJI = '\u{1F600}';
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
// Anything but a line break: a line of the file is a row.
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 2, arbitrary: fc.constantFrom(EMOJI, '\u0000', '"', ',', ';', '\t', '{', '}', '\\', '\r') },
);
const text = (maxLength: number) =>
  fc.string({ unit, maxLength }).map((value) => value.replace(/[\n\u2028\u2029]/g, ' '));
const huge = fc.integer({ min: 1000, max: 9000 }).map((length) => 'x'.repeat(length));

const validRow: fc.Arbitrary<ValidRow> = fc.record({
  kind: fc.constant('valid' as const),
  click: fc.integer({ min: 0, max: CLICKS - 1 }),
  lowerCase: fc.boolean(),
  payout: fc.option(
    fc.integer({ min: 0, max: 99_999 }).map((cents) => (cents / 100).toFixed(2)),
    { nil: undefined },
  ),
  status: fc.option(fc.constantFrom('approved' as const, 'pending' as const, 'declined' as const), {
    nil: undefined,
  }),
  et: fc.option(fc.constantFrom('sale' as const, 'lead' as const), { nil: undefined }),
  extra: fc.dictionary(fc.constantFrom('note', 'sub9', '__proto__', 'constructor'), text(20), {
    maxKeys: 2,
  }),
});
const junkRow: fc.Arbitrary<JunkRow> = fc.record({
  kind: fc.constant('junk' as const),
  text: fc.oneof(
    text(60),
    huge,
    fc.jsonValue().map((value) => JSON.stringify(value)),
    text(20).map((value) => `{"clickId": ${JSON.stringify(value)}, "payout": {"a": 1}}`),
    text(20).map((value) => `"${value},1.00,T`), // an unterminated quote
    fc.constant('01JD3ABCDEFGHJKMNPQRSTVWXY,abc,T,approved,sale'), // a click ID that is not ours
  ),
});
const upload = fc.record({
  format: fc.constantFrom('csv' as const, 'jsonl' as const),
  rows: fc.array(fc.oneof({ weight: 2, arbitrary: validRow }, { weight: 3, arbitrary: junkRow }), {
    minLength: 1,
    maxLength: 10,
  }),
  blankLines: fc.boolean(),
  crlf: fc.boolean(),
});
interface Upload {
  readonly format: 'csv' | 'jsonl';
  readonly rows: readonly Row[];
  readonly blankLines: boolean;
  readonly crlf: boolean;
  readonly run: number;
}

const csvCell = (value: string | undefined): string =>
  value === undefined ? '' : /[",;\t]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

describe('conversion upload: any content, each row one result, twice the same (issue 17)', () => {
  let system: RunningSystem;
  let api: ApiClient;
  let db: DataSource;
  const clickIds: string[] = [];

  beforeAll(async () => {
    system = await startSystem();
    api = new ApiClient(system.urls.api);
    db = await createDataSource({
      url: testInfrastructure().databaseUrl,
      schema: system.schema,
    }).initialize();
    const { id: networkId } = await api.create('/affiliate-networks', {
      name: 'Upload net',
      template: 'cake',
    });
    const { id: offerId } = await api.create('/offers', {
      name: 'Upload offer',
      url: 'https://offer.example/lp?s2={clickid}',
      affiliateNetworkId: networkId,
      payout: { mode: 'auto', amount: '2.00', currency: 'USD' },
    });
    const { id: trafficSourceId } = await api.create('/traffic-sources', { name: 'Upload source' });
    const campaign = await api.create<{ id: string; trackingUrl: string }>('/campaigns', {
      name: 'Upload property',
      trafficSourceId,
      offers: [{ offerId, weight: 1 }],
    });
    const base = campaign.trackingUrl.split('?')[0] ?? '';
    for (let i = 0; i < CLICKS; i += 1)
      clickIds.push(
        await eventually(async () => {
          const response = await fetch(base, { redirect: 'manual' });
          expect(response.status).toBe(302);
          return new URL(response.headers.get('location') ?? '').searchParams.get('s2') ?? '';
        }),
      );
    // Attribution has every click before any upload refers to it.
    await eventually(
      async () => {
        // Of this campaign: tests running alongside share the Kafka topics, so their clicks and
        // postbacks may reach this system's attribution too.
        const [{ n }] = await db.query<{ n: string }[]>(
          `SELECT count(*)::text AS n FROM clicks WHERE campaign_id = $1`,
          [campaign.id],
        );
        expect(n).toBe(String(CLICKS));
      },
      { timeoutMs: 20_000 },
    );
  });

  afterAll(async () => {
    await db.destroy();
    await system.stop();
  });

  const txidOf = (run: number, index: number) => `P${String(run)}-${String(index)}`;

  /** The file's text, and the line number of each row (blank lines and the header counted). */
  function render(file: Upload): { body: string; lines: number[] } {
    const out: string[] = [];
    const lines: number[] = [];
    if (file.format === 'csv') out.push('clickId,payout,txid,status,et');
    file.rows.forEach((row, index) => {
      if (file.blankLines && index % 3 === 1) out.push('');
      if (row.kind === 'junk') out.push(row.text);
      else {
        const clickId = row.lowerCase ? clickIds[row.click].toLowerCase() : clickIds[row.click];
        const txid = txidOf(file.run, index);
        out.push(
          file.format === 'csv'
            ? [clickId, row.payout, txid, row.status, row.et].map(csvCell).join(',')
            : JSON.stringify({
                ...row.extra,
                clickId,
                payout: row.payout,
                txid,
                status: row.status,
                et: row.et,
              }),
        );
      }
      lines.push(out.length);
    });
    return { body: `${out.join(file.crlf ? '\r\n' : '\n')}\n`, lines };
  }

  async function post(
    format: 'csv' | 'jsonl',
    body: string,
  ): Promise<{ status: number; body: UploadAnswer }> {
    const response = await fetch(`${system.urls.api}/api/conversions/upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${E2E_TOKEN}`,
        'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as UploadAnswer };
  }

  it('answers every row once, never 5xx, and applies each valid row exactly once', async () => {
    let run = 0;
    const applied: { clickId: string; txid: string }[] = [];
    const refused: string[] = [];
    const answeredIds = new Set<string>();
    let rejectedLines = 0;
    await fc.assert(
      fc.asyncProperty(upload, async (generated) => {
        run += 1;
        const file = { ...generated, run };
        const { body, lines } = render(file);
        const first = await post(file.format, body);
        expect([200, 413]).toContain(first.status);
        const valid = file.rows.flatMap((row, index) => (row.kind === 'valid' ? [{ row, index }] : []));
        if (first.status === 413) {
          refused.push(...valid.map(({ index }) => txidOf(run, index)));
          return;
        }
        // A junk line blank once trimmed gets no result; every other line exactly one, in order.
        const expectedLines = lines.filter((_, index) => {
          const row = file.rows[index];
          return row.kind === 'valid' || row.text.trim() !== '';
        });
        expect(first.body.rows.map((row) => row.line)).toEqual(expectedLines);
        expect(first.body.accepted + first.body.rejected).toBe(first.body.rows.length);
        for (const { row, index } of valid) {
          const result = first.body.rows.find((answered) => answered.line === lines[index]);
          expect(result).toMatchObject({ status: 'accepted', clickId: clickIds[row.click] });
          applied.push({ clickId: clickIds[row.click], txid: txidOf(run, index) });
        }
        for (const row of first.body.rows) if (row.id !== undefined) answeredIds.add(row.id);
        rejectedLines += first.body.rejected;
        const second = await post(file.format, body);
        expect(second).toEqual(first);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );

    // The runs covered what they claim: valid rows applied, junk rejected, a bound crossed.
    expect(applied.length).toBeGreaterThan(RUNS / 2);
    expect(answeredIds.size).toBeGreaterThan(applied.length);
    expect(refused.length + rejectedLines).toBeGreaterThan(0);
    await eventually(
      async () => {
        const logged = await db.query<{ id: string }[]>(`SELECT id::text AS id FROM postback_log`);
        const ids = new Set(logged.map((entry) => entry.id));
        for (const id of answeredIds) expect(ids.has(id)).toBe(true);
      },
      { timeoutMs: 60_000 },
    );
    const conversions = await db.query<{ clickId: string; txid: string; revision: number }[]>(
      `SELECT click_id AS "clickId", txid, revision FROM conversions WHERE click_id = ANY($1::text[])`,
      [clickIds],
    );
    const key = (row: { clickId: string; txid: string }) => `${row.clickId} ${row.txid}`;
    expect(conversions.map(key).sort()).toEqual(applied.map(key).sort());
    expect(conversions.every((conversion) => conversion.revision === 1)).toBe(true);
    for (const txid of refused)
      expect(conversions.some((conversion) => conversion.txid === txid)).toBe(false);
  });
});
