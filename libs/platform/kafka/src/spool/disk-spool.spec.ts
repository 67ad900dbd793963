import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingMessage } from '../kafka-message';
import { SpoolFullError } from '../kafka-platform.error';
import { DiskSpool } from './disk-spool';

const message = (n: number): OutgoingMessage => ({
  topic: 't',
  key: `k${String(n)}`,
  value: `value-${String(n).padStart(6, '0')}`,
});
const batch = (from: number, count: number): OutgoingMessage[] =>
  Array.from({ length: count }, (_, i) => message(from + i));
const values = (messages: readonly OutgoingMessage[]): string[] =>
  messages.map((m) => (m.value === null ? '' : Buffer.from(m.value).toString()));

async function readAll(spool: DiskSpool): Promise<string[]> {
  await spool.seal();
  const out: string[] = [];
  for (const segment of spool.sealedSegments()) out.push(...values(await spool.read(segment)));
  return out;
}

describe('DiskSpool', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'spool-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const open = (overrides: Partial<{ maxBytes: number; segmentBytes: number }> = {}) =>
    DiskSpool.open({ directory, maxBytes: 1024 * 1024, segmentBytes: 1024, ...overrides });

  it('keeps appended batches in order across segments and rotates at the segment size', async () => {
    const { spool } = await open();
    for (let i = 0; i < 20; i++) await spool.append(batch(i * 10, 10));
    expect(spool.sealedSegments().length).toBeGreaterThanOrEqual(6);
    expect(await readAll(spool)).toEqual(values(batch(0, 200)));
    await spool.close();
  });

  it('reopens segments left by a previous process, oldest first, and continues after them', async () => {
    const first = (await open()).spool;
    await first.append(batch(0, 100));
    await first.close();
    const { spool, recovery } = await open();
    expect(recovery.messages).toBe(100);
    expect(recovery.discardedBytes).toBe(0);
    expect(recovery.segments).toBeGreaterThan(0);
    await spool.append(batch(100, 5));
    expect(await readAll(spool)).toEqual(values(batch(0, 105)));
    await spool.close();
  });

  it('cuts off a torn tail after a crash and keeps every complete record', async () => {
    const first = (await open({ segmentBytes: 1024 * 1024 })).spool;
    await first.append(batch(0, 10));
    await first.close();
    const file = (await readdir(directory)).at(0);
    if (file === undefined) throw new Error('expected a segment file');
    const intactBytes = (await stat(join(directory, file))).size;
    await appendFile(join(directory, file), Buffer.from([0, 0, 0, 40, 1, 2, 3, 4, 5]));

    const { spool, recovery } = await open();
    expect(recovery.discardedBytes).toBe(9);
    expect((await stat(join(directory, file))).size).toBe(intactBytes);
    expect(spool.sizeBytes).toBe(intactBytes);
    expect(await readAll(spool)).toEqual(values(batch(0, 10)));
    await spool.close();
  });

  it('rejects an append past its size bound with SpoolFullError and keeps what it had', async () => {
    const { spool } = await open({ maxBytes: 600 });
    await spool.append(batch(0, 10));
    const before = spool.sizeBytes;
    await expect(spool.append(batch(10, 10))).rejects.toBeInstanceOf(SpoolFullError);
    await expect(spool.append(batch(10, 10))).rejects.toMatchObject({ code: 'kafka.spool-full' });
    expect(spool.sizeBytes).toBe(before);
    expect(await readAll(spool)).toEqual(values(batch(0, 10)));
    await spool.close();
  });

  it('frees space and removes the file when a segment is deleted', async () => {
    const { spool } = await open();
    await spool.append(batch(0, 10));
    await spool.seal();
    const segment = spool.sealedSegments().at(0);
    if (!segment) throw new Error('expected a sealed segment');
    await spool.delete(segment);
    expect(spool.isEmpty).toBe(true);
    expect(spool.sizeBytes).toBe(0);
    expect(await readdir(directory)).toEqual([]);
    await spool.close();
  });
});
