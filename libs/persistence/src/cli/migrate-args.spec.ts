import { DEFAULT_DAYS_AHEAD, parseMigrateArgs, UsageError } from './migrate-args';

describe('parseMigrateArgs', () => {
  it('parses each command', () => {
    expect(parseMigrateArgs(['up'])).toEqual({ kind: 'up' });
    expect(parseMigrateArgs(['down'])).toEqual({ kind: 'down', all: false });
    expect(parseMigrateArgs(['down', '--all'])).toEqual({ kind: 'down', all: true });
    expect(parseMigrateArgs(['ensure-partitions'])).toEqual({
      kind: 'ensure-partitions',
      from: null,
      daysAhead: DEFAULT_DAYS_AHEAD,
    });
    expect(parseMigrateArgs(['ensure-partitions', '--from', '2026-11-23', '--days-ahead=14'])).toEqual({
      kind: 'ensure-partitions',
      from: new Date('2026-11-23T00:00:00Z'),
      daysAhead: 14,
    });
    expect(parseMigrateArgs(['drop-partitions', '--retention-days', '90'])).toEqual({
      kind: 'drop-partitions',
      retentionDays: 90,
    });
  });

  it.each([
    [[]],
    [['sideways']],
    [['up', '--force']],
    [['up', 'extra']],
    [['ensure-partitions', '--days-ahead', '-1']],
    [['ensure-partitions', '--days-ahead', 'many']],
    [['ensure-partitions', '--from', '2026-02-30']],
    [['drop-partitions']],
    [['drop-partitions', '--retention-days', '0']],
  ])('rejects %j with the usage', (argv) => {
    expect(() => parseMigrateArgs(argv)).toThrow(UsageError);
    expect(() => parseMigrateArgs(argv)).toThrow(/usage: migrate/);
  });
});
