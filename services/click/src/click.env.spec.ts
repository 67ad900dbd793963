import { KafkaEnv, loadConfig } from '@clickledger/platform-config';
import { campaignSnapshotFile, ClickEnv } from './click.env';

const BASE = { KAFKA_BROKERS: 'k:9092', CLICK_ID_SECRETS: 'a-real-secret-of-16+' };

describe('campaignSnapshotFile', () => {
  const fileFor = (env: Record<string, string>): string => {
    const config = loadConfig([ClickEnv, KafkaEnv], { env: { ...BASE, ...env } });
    return campaignSnapshotFile(config.get(ClickEnv), config.get(KafkaEnv));
  };

  it('is the configured file, else campaigns.json in the spool directory (a persistent volume)', () => {
    expect(fileFor({ CLICK_CAMPAIGN_SNAPSHOT_FILE: '/data/c.json' })).toBe('/data/c.json');
    expect(fileFor({ KAFKA_SPOOL_DIR: '/var/lib/clickledger/spool' })).toBe(
      '/var/lib/clickledger/spool/campaigns.json',
    );
    expect(fileFor({})).toBe('.run/spool/click/campaigns.json');
  });
});

describe('GEOIP_DATABASE_FILE', () => {
  it('is refused at start, named, when the file cannot be read', () => {
    expect(() =>
      loadConfig([ClickEnv, KafkaEnv], { env: { ...BASE, GEOIP_DATABASE_FILE: '/no/such.mmdb' } }),
    ).toThrow(/GEOIP_DATABASE_FILE: must name a readable MMDB file/);
    expect(
      loadConfig([ClickEnv], { env: { ...BASE, GEOIP_DATABASE_FILE: __filename } }).get(ClickEnv),
    ).toMatchObject({
      GEOIP_DATABASE_FILE: __filename,
      GEOIP_ENABLED: true,
    });
  });
});
