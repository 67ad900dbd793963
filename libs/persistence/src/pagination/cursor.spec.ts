import fc from 'fast-check';
import { decodeCursor, encodeCursor, InvalidCursorError, MAX_PAGE_SIZE, pageSize, toPage } from './cursor';

describe('page cursor', () => {
  it('round-trips any (timestamp, id) position', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.uuid(),
        (at, id) => {
          const decoded = decodeCursor(encodeCursor({ at, id }));
          expect(decoded.at.getTime()).toBe(at.getTime());
          expect(decoded.id).toBe(id);
        },
      ),
    );
  });

  it('is URL-safe', () => {
    const cursor = encodeCursor({ at: new Date(), id: '5f0c5e1e-0000-4000-8000-000000000000' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    '',
    'not base64 json',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["x","id"]').toString('base64url'),
    Buffer.from('["2026-01-01T00:00:00Z",7]').toString('base64url'),
    Buffer.from('["2026-01-01T00:00:00Z","1; drop"]').toString('base64url'),
  ])('rejects a malformed cursor %p', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });

  it('bounds the page size', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(10_000)).toBe(MAX_PAGE_SIZE);
    expect(() => pageSize(0)).toThrow(RangeError);
    expect(() => pageSize(1.5)).toThrow(RangeError);
  });

  it('gives a next cursor only when an extra row was fetched', () => {
    const rows = [1, 2, 3].map((n) => ({
      at: new Date(n * 1000),
      id: `00000000-0000-4000-8000-00000000000${n}`,
    }));
    const position = (row: { at: Date; id: string }) => row;
    const full = toPage(rows, 2, position);
    expect(full.items).toHaveLength(2);
    expect(decodeCursor(full.nextCursor!)).toEqual({
      at: new Date(2000),
      id: '00000000-0000-4000-8000-000000000002',
    });
    expect(toPage(rows, 3, position).nextCursor).toBeNull();
  });
});
