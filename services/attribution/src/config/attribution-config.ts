import { KafkaEnv, PostgresEnv, RedisEnv, type EnvClass } from '@clickledger/platform-config';
import { AttributionEnv } from './attribution.env';

/** Every env class the service validates at start (HttpEnv is added by the platform). */
export const ATTRIBUTION_CONFIG: readonly EnvClass[] = [KafkaEnv, PostgresEnv, RedisEnv, AttributionEnv];

export const ATTRIBUTION_DEFAULT_PORT = 8083;
