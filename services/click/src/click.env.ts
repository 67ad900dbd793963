import { ArrayNotEmpty, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { Secret, ToList } from '@clickledger/platform-config';

/** Settings of the click service beyond Kafka and HTTP. */
export class ClickEnv {
  /** Click-ID signing secrets, newest first: IDs are signed with the first. Shared with the ingress. */
  @Secret()
  @ToList()
  @ArrayNotEmpty({ message: 'must list at least one secret (comma-separated, newest first)' })
  @IsString({ each: true })
  @MinLength(16, { each: true, message: 'each secret must be at least 16 characters' })
  CLICK_ID_SECRETS!: string[];

  /**
   * Request header carrying the visitor's country (ISO 3166-1 alpha-2) set by a CDN or proxy in
   * front, e.g. `cf-ipcountry`. Unset: `{country}` stays empty (no GeoIP database is bundled).
   */
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'must be a lower-case header name' })
  CLICK_COUNTRY_HEADER?: string;

  /**
   * Where the last campaign configuration seen is kept, so the service can start and redirect
   * while Kafka is unreachable. Keep it on a persistent disk, like the spool.
   */
  @IsString()
  @MinLength(1)
  CLICK_CAMPAIGN_SNAPSHOT_FILE = '.run/click/campaigns.json';
}
