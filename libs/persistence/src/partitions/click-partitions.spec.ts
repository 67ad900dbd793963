import fc from 'fast-check';
import {
  dayRange,
  daysToEnsure,
  partitionDay,
  partitionName,
  partitionsToDrop,
  retentionCutoff,
  utcDay,
} from './click-partitions';

describe('click partitions', () => {
  it('names a partition after the UTC day of any instant in it', () => {
    expect(partitionName(new Date('2026-11-23T00:00:00.000Z'))).toBe('clicks_p20261123');
    expect(partitionName(new Date('2026-11-23T23:59:59.999Z'))).toBe('clicks_p20261123');
    expect(partitionName(new Date('2026-11-24T00:00:00.000Z'))).toBe('clicks_p20261124');
  });

  it('reads the day back from the name, and only from daily partition names', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        (at) => {
          expect(partitionDay(partitionName(at))).toEqual(utcDay(at));
        },
      ),
    );
    expect(partitionDay('clicks_default')).toBeNull();
    expect(partitionDay('clicks_p20261332')).toBeNull();
    expect(partitionDay('clicks_p2026112')).toBeNull();
  });

  it('covers a day as a half-open UTC range', () => {
    expect(dayRange(new Date('2026-03-29T12:00:00Z'))).toEqual({
      from: new Date('2026-03-29T00:00:00Z'),
      to: new Date('2026-03-30T00:00:00Z'),
    });
  });

  it('ensures the first day and the days ahead of it', () => {
    expect(daysToEnsure(new Date('2026-12-31T15:00:00Z'), 2).map(partitionName)).toEqual([
      'clicks_p20261231',
      'clicks_p20270101',
      'clicks_p20270102',
    ]);
    expect(() => daysToEnsure(new Date(), -1)).toThrow(RangeError);
  });

  it('drops only whole days older than the retention', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(retentionCutoff(30, now)).toEqual(new Date('2026-10-24T00:00:00Z'));
    expect(
      partitionsToDrop(
        ['clicks_p20261022', 'clicks_p20261023', 'clicks_p20261024', 'clicks_default'],
        30,
        now,
      ),
    ).toEqual(['clicks_p20261022', 'clicks_p20261023']);
    expect(() => partitionsToDrop([], 0, now)).toThrow(RangeError);
  });
});
