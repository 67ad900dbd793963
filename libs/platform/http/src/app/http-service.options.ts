import type { EnvClass, EnvSource, LoadedConfig } from '@clickledger/platform-config';
import type { RequestLogging } from '@clickledger/platform-observability';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import type { ClientErrorHandler } from './client-errors';

export type HttpServiceApp = NestFastifyApplication;

export interface HttpServiceOptions {
  /** Service name: in every log line and the default Kafka client id. */
  readonly name: string;
  /** The service's root module; it can inject every env class listed in `config`. */
  readonly module: Type<unknown> | DynamicModule;
  /** `HTTP_PORT` when unset (click 8080, ingress 8081, api 8082, attribution 8083). */
  readonly defaultPort: number;
  /** Env classes the service needs besides `HttpEnv` (always loaded), e.g. `[KafkaEnv, RedisEnv]`. */
  readonly config?: readonly EnvClass[];
  /** The environment; `process.env` when omitted (tests pass their own). */
  readonly env?: EnvSource;
  /** Largest accepted request body; default 64 KiB (postbacks and API payloads are small). */
  readonly bodyLimitBytes?: number;
  /** Per-request log lines: `debug` by default, `off` for none. */
  readonly requestLogging?: RequestLogging;
  /** URL prefixes never logged per request; default `/health`, `/metrics`. */
  readonly quietRoutes?: readonly string[];
  /**
   * `peer`: Fastify's `request.ip` (and `ips`, `hostname`, `protocol`) ignore proxy headers, so no
   * request pays for proxy-addr (Nest's middleware runner reads them all for every request). For
   * services that take the client IP from `ClientIpResolver` only. Default `proxy`: Fastify trusts
   * `TRUSTED_PROXIES`.
   */
  readonly fastifyRequestIp?: 'proxy' | 'peer';
  /** Hot routes that skip the per-request logger entirely (see LoggingOptions.hotRoutes). */
  readonly hotRoutes?: readonly string[];
  /** Log destination; stdout when omitted. */
  readonly logDestination?: DestinationStream;
  /** false: Nest's JSON and form parsers are not registered; the service installs its own in `configure`. */
  readonly bodyParser?: boolean;
  /**
   * How client errors Node reports before a request exists (headers too large, unparsable
   * request, request timeout) are answered on the raw socket; default `answerClientError`.
   */
  readonly clientErrors?: (app: HttpServiceApp) => ClientErrorHandler;
  /** Last touches before init, e.g. Swagger or CORS. */
  readonly configure?: (app: HttpServiceApp, config: LoadedConfig) => void | Promise<void>;
}
