import { isIP } from 'node:net';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { ToBoolean, ToInteger, ToList } from './env-transforms';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const PORT = 'must be an integer 1-65535';
const MS = 'must be a whole number of milliseconds';
const COUNT = 'must be a whole number (0: no limit)';
// proxy-addr's named ranges, accepted by Fastify's trustProxy.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (PROXY_RANGE_NAMES.has(value)) return true;
  const [address, bits, ...rest] = value.split('/') as [string, string | undefined, ...string[]];
  if (rest.length > 0 || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

export class HttpEnv {
  /** Each service passes its own default (click 8080, ingress 8081, api 8082, attribution 8083). */
  @ToInteger()
  @IsInt({ message: PORT })
  @Min(1, { message: PORT })
  @Max(65535, { message: PORT })
  HTTP_PORT!: number;

  @IsString()
  HTTP_HOST = '0.0.0.0';

  /** Addresses or CIDRs of the proxies whose X-Forwarded-For is believed; unset trusts none. */
  @IsOptional()
  @ToList()
  @ValidateBy(
    { name: 'isProxyAddress', validator: { validate: isProxyAddress } },
    { each: true, message: 'must be a comma-separated list of IPs, CIDRs or loopback/linklocal/uniquelocal' },
  )
  TRUSTED_PROXIES?: string[];

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /*
   * Bounds on slow or idle clients (CONTRACT §8), so a client trickling bytes cannot hold a
   * connection: see docs/configuration.md. Node checks the request and header times every
   * min(headers, request)/10 ms (at least 100 ms, at most 5 s).
   */

  /** Whole request (headers and body) must arrive within this; else 408 and the connection is closed. */
  @ToInteger()
  @IsInt({ message: MS })
  @Min(1000, { message: 'must be at least 1000' })
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** Request line and headers must arrive within this (at most HTTP_REQUEST_TIMEOUT_MS). */
  @ToInteger()
  @IsInt({ message: MS })
  @Min(500, { message: 'must be at least 500' })
  @ValidateBy(
    {
      name: 'atMostRequestTimeout',
      validator: {
        validate: (value: unknown, args) =>
          typeof value === 'number' && value <= (args?.object as HttpEnv).HTTP_REQUEST_TIMEOUT_MS,
      },
    },
    { message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS' },
  )
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** A socket with no traffic at all for this long is closed (longer than the keep-alive timeout). */
  @ToInteger()
  @IsInt({ message: MS })
  @Min(1000, { message: 'must be at least 1000' })
  HTTP_CONNECTION_TIMEOUT_MS = 120_000;

  /**
   * An idle keep-alive connection is closed after this. Longer than common load balancer idle
   * timeouts (60 s), so the balancer closes first and never sends on a socket we are closing.
   */
  @ToInteger()
  @IsInt({ message: MS })
  @Min(1000, { message: 'must be at least 1000' })
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;

  /** Open connections at most; past it new connections are closed at once. 0: no cap. */
  @ToInteger()
  @IsInt({ message: COUNT })
  @Min(0, { message: COUNT })
  HTTP_MAX_CONNECTIONS = 10_000;

  /**
   * Requests on one keep-alive connection before it is closed (spreads load over new instances
   * after a scale-up). 0 (default): no cap; a client pipelining past the cap would get 503s.
   */
  @ToInteger()
  @IsInt({ message: COUNT })
  @Min(0, { message: COUNT })
  HTTP_MAX_REQUESTS_PER_SOCKET = 0;

  /**
   * The hot lane (libs/platform/http/src/app/hot-lane.ts): plain requests of the hot routes (the
   * redirect, the postback GET) read and answered on the socket without node:http's per-request
   * objects; every other request goes to node:http. false: node:http reads every request. Off while
   * HTTP_MAX_REQUESTS_PER_SOCKET caps connections (node:http counts their requests).
   */
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  HTTP_HOT_LANE = true;
}
