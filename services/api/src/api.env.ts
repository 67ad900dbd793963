import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { ISO_4217_CODES } from '@clickledger/tracking';
import { ClickIdSecretList, Secret, ToInteger } from '@clickledger/platform-config';

const PUBLIC_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const PUBLIC_URL_MESSAGE = 'must be an absolute http(s) URL';

/** Settings of the control-plane API beyond HTTP, Postgres and Kafka. */
export class ApiEnv {
  /** Bearer token every `/api` request must carry; the API refuses to start without one. */
  @Secret()
  @IsString({
    message:
      'is required: set API_TOKEN to the bearer token clients must send (the dev stack uses dev-token)',
  })
  @MinLength(8, { message: 'must be at least 8 characters' })
  API_TOKEN!: string;

  /** Origin of the click service, used in campaign tracking links. */
  @IsUrl(PUBLIC_URL, { message: PUBLIC_URL_MESSAGE })
  PUBLIC_CLICK_BASE_URL = 'http://127.0.0.1:8080';

  /** Origin of the postback ingress, used in the postback URLs given to networks. */
  @IsUrl(PUBLIC_URL, { message: PUBLIC_URL_MESSAGE })
  PUBLIC_POSTBACK_BASE_URL = 'http://127.0.0.1:8081';

  /** The install's postback key; included as `key=` in generated postback URLs when set. */
  @Secret()
  @IsOptional()
  @IsString()
  POSTBACK_KEY?: string;

  /**
   * The click-ID secrets of the click service and the ingress (newest first). The conversion upload
   * verifies click IDs with them, as the ingress does; the test-postback tool signs its test click
   * with the first. Unset: both answer 503 `feature.not-configured`.
   */
  @IsOptional()
  @ClickIdSecretList()
  CLICK_ID_SECRETS?: string[];

  /** Oldest click ID an uploaded row may name, in days: the ingress's CLICK_ID_MAX_AGE_DAYS. */
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(3650)
  CLICK_ID_MAX_AGE_DAYS = 90;

  /** Where the test-postback tool makes its click: the click service as the API reaches it. Default PUBLIC_CLICK_BASE_URL. */
  @IsOptional()
  @IsUrl(PUBLIC_URL, { message: PUBLIC_URL_MESSAGE })
  CLICK_SERVICE_URL?: string;

  /** Where the test-postback tool fires the postback: the ingress as the API reaches it. Default PUBLIC_POSTBACK_BASE_URL. */
  @IsOptional()
  @IsUrl(PUBLIC_URL, { message: PUBLIC_URL_MESSAGE })
  POSTBACK_INGRESS_URL?: string;

  /** The built dashboard served at `/`; default dist/web/dashboard of this checkout (or image). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  DASHBOARD_DIR?: string;
}

/** The currency reports are in; shared by the API and the exchange-rate import command. */
export class ReportCurrencyEnv {
  /** Other currencies convert at each day's rate (/api/exchange-rates). */
  @IsIn(ISO_4217_CODES, { message: 'must be an ISO 4217 currency code, e.g. USD' })
  REPORT_CURRENCY = 'USD';
}
