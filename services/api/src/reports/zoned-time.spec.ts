import { canonicalTimeZone, hasQuarterHourOffsets, isBucketStart, parseReportTime } from './zoned-time';

describe('canonicalTimeZone', () => {
  it('accepts IANA names in any case and answers the canonical name', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Etc/GMT+5')).toBe('Etc/GMT+5');
  });

  it('refuses unknown zones and bare offsets', () => {
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('+01:00')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});

describe('parseReportTime', () => {
  it('takes a time with an offset as an instant, whatever the zone', () => {
    expect(parseReportTime('2026-03-10T12:00:00Z', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-10T12:00:00.000Z',
    );
    expect(parseReportTime('2026-03-10T12:00:00.5+02:00', 'UTC')?.toISOString()).toBe(
      '2026-03-10T10:00:00.500Z',
    );
    expect(parseReportTime('2026-03-10T12:00-05:30', 'UTC')?.toISOString()).toBe('2026-03-10T17:30:00.000Z');
  });

  it('reads dates and local times in the zone, across DST', () => {
    expect(parseReportTime('2026-01-15', 'Europe/Berlin')?.toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(parseReportTime('2026-07-15', 'Europe/Berlin')?.toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // Berlin moves to summer time at 02:00 on 2026-03-29: 03:30 local is 01:30 UTC.
    expect(parseReportTime('2026-03-29T03:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(parseReportTime('2026-11-01T00:00:00', 'America/New_York')?.toISOString()).toBe(
      '2026-11-01T04:00:00.000Z',
    );
    expect(parseReportTime('2026-11-01', 'UTC')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('refuses dates that do not exist and other formats', () => {
    for (const text of [
      '2026-02-30',
      '2026-13-01',
      '2026-01-01T24:00',
      '2026-01-01T10:00+25:00',
      'yesterday',
      '1700000000',
      '2026-01-01 10:00',
    ])
      expect(parseReportTime(text, 'UTC')).toBeNull();
  });
});

describe('hasQuarterHourOffsets', () => {
  const at = (iso: string) => new Date(iso);

  it('accepts whole-, half- and three-quarter-hour zones, across their DST changes', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide'])
      expect(hasQuarterHourOffsets(zone, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('refuses a range in which the zone was off the quarter hours (Liberia until 1972, -00:44:30)', () => {
    expect(
      hasQuarterHourOffsets('Africa/Monrovia', at('1971-01-01T00:00:00Z'), at('1971-02-01T00:00:00Z')),
    ).toBe(false);
    expect(
      hasQuarterHourOffsets('Africa/Monrovia', at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z')),
    ).toBe(true);
  });
});

describe('isBucketStart', () => {
  it('takes quarter hours only', () => {
    expect(isBucketStart(new Date('2026-10-10T18:45:00Z'))).toBe(true);
    expect(isBucketStart(new Date('2026-10-10T18:50:00Z'))).toBe(false);
    expect(isBucketStart(new Date('2026-10-10T18:45:00.001Z'))).toBe(false);
  });
});
