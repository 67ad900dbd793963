import { readUploadRows, splitCsv, UploadTooLargeError, type UploadLimits } from './upload-rows';

const LIMITS: UploadLimits = { maxBytes: 10_000, maxRows: 10, maxLineBytes: 200 };
const rowsOf = (text: string | string[], format: 'csv' | 'jsonl' = 'csv', limits = LIMITS) =>
  readUploadRows(Array.isArray(text) ? text : [text], format, limits);
const plain = (rows: Awaited<ReturnType<typeof rowsOf>>) =>
  rows.map((row) => ('params' in row ? { line: row.line, ...row.params } : row));

describe('readUploadRows', () => {
  it('reads a CSV with a header in any order, aliases and a BOM, numbering lines as an editor does', async () => {
    const rows = await rowsOf('\uFEFFtxid;Click ID;payout;extra\r\nT-1;ABC;1,50;x\r\n\r\nT-2;DEF;;\n');
    expect(plain(rows)).toEqual([
      { line: 2, txid: 'T-1', cid: 'ABC', payout: '1,50' },
      { line: 4, txid: 'T-2', cid: 'DEF' },
    ]);
  });

  it("takes Voluum's column order when the first line is data, and quoted cells", async () => {
    const rows = await rowsOf('ABC,"1,234.50","T ""1""",approved,sale\n"open,1');
    expect(plain(rows)).toEqual([
      { line: 1, cid: 'ABC', payout: '1,234.50', txid: 'T "1"', status: 'approved', et: 'sale' },
      { line: 2, error: 'malformed CSV (an unterminated quote)' },
    ]);
  });

  it('reads JSON lines, numbers as strings, and reports a line that is not an object', async () => {
    const rows = await rowsOf(
      ['{"clickId":"ABC","payout":12.5,"et":"lead"}\n[1]\n{"cid":"D', 'EF","txid":{}}\n'],
      'jsonl',
    );
    expect(plain(rows)).toEqual([
      { line: 1, cid: 'ABC', payout: '12.5', et: 'lead' },
      { line: 2, error: 'not a JSON object' },
      { line: 3, error: 'txid: must be a string or a number' },
    ]);
  });

  it('never lets a column named __proto__ or constructor reach Object.prototype', async () => {
    const rows = await rowsOf('{"__proto__":{"polluted":1},"constructor":"x","cid":"A"}', 'jsonl');
    expect(plain(rows)).toEqual([{ line: 1, cid: 'A' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a file past its bounds in bytes, rows and line length', async () => {
    await expect(rowsOf('A\n'.repeat(11))).rejects.toEqual(new UploadTooLargeError('rows', 10));
    await expect(rowsOf('A,'.repeat(6000))).rejects.toEqual(new UploadTooLargeError('bytes', 10_000));
    await expect(rowsOf('A'.repeat(300))).rejects.toEqual(new UploadTooLargeError('line', 200));
  });

  it('splits CSV cells on the file delimiter', () => {
    expect(splitCsv('a,b;c\td')).toEqual(['a', 'b;c\td']);
    expect(splitCsv('a,b;c\td', ';')).toEqual(['a,b', 'c\td']);
    expect(splitCsv('"a')).toBeUndefined();
  });
});
