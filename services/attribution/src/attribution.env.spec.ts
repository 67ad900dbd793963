import { loadConfig } from '@clickledger/platform-config';
import { AttributionEnv } from './attribution.env';
import { settingsFrom } from './attribution-settings';

const settingsFor = (env: Record<string, string>) =>
  settingsFrom(loadConfig([AttributionEnv], { env }).get(AttributionEnv));

describe('the consumers’ settings', () => {
  it('default to two members of each group and fetches of up to 2 MiB per partition', () => {
    expect(settingsFor({})).toMatchObject({
      consumerMembers: 2,
      partitionsConcurrency: 3,
      fetchBytesPerPartition: 2 * 1024 * 1024,
      largeBatchesAtOnce: 1,
    });
    expect(
      settingsFor({ ATTRIBUTION_CONSUMER_MEMBERS: '1', ATTRIBUTION_FETCH_BYTES_PER_PARTITION: '1048576' }),
    ).toMatchObject({ consumerMembers: 1, fetchBytesPerPartition: 1048576 });
  });

  it('refuses, by name, members outside 1–16 and fetch sizes outside 64 KiB – 64 MiB', () => {
    expect(() => settingsFor({ ATTRIBUTION_CONSUMER_MEMBERS: '0' })).toThrow(/ATTRIBUTION_CONSUMER_MEMBERS/);
    expect(() => settingsFor({ ATTRIBUTION_CONSUMER_MEMBERS: '17' })).toThrow(/ATTRIBUTION_CONSUMER_MEMBERS/);
    expect(() => settingsFor({ ATTRIBUTION_FETCH_BYTES_PER_PARTITION: '1000' })).toThrow(
      /ATTRIBUTION_FETCH_BYTES_PER_PARTITION: must be at least 65536/,
    );
    expect(() => settingsFor({ ATTRIBUTION_FETCH_BYTES_PER_PARTITION: '2MB' })).toThrow(
      /ATTRIBUTION_FETCH_BYTES_PER_PARTITION/,
    );
  });

  it('take the batches too large to gather one at a time per member, 1–64 if set', () => {
    expect(settingsFor({ ATTRIBUTION_LARGE_BATCHES_AT_ONCE: '3' })).toMatchObject({ largeBatchesAtOnce: 3 });
    expect(() => settingsFor({ ATTRIBUTION_LARGE_BATCHES_AT_ONCE: '0' })).toThrow(
      /ATTRIBUTION_LARGE_BATCHES_AT_ONCE/,
    );
    expect(() => settingsFor({ ATTRIBUTION_LARGE_BATCHES_AT_ONCE: '65' })).toThrow(
      /ATTRIBUTION_LARGE_BATCHES_AT_ONCE/,
    );
  });
});
