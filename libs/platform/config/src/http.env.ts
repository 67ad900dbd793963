import { isIP } from 'node:net';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { ToInteger, ToList } from './env-transforms';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const PORT = 'must be an integer 1-65535';
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
}
