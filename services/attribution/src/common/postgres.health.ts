import type { ReadinessCheck } from '@clickledger/platform-observability';
import type { DataSource } from 'typeorm';

/** `SELECT 1` through the pool (bounded by the readiness timeout): the source of truth answers. */
export function postgresReadinessCheck(dataSource: DataSource): ReadinessCheck {
  return {
    name: 'postgres',
    async check(): Promise<void> {
      await dataSource.query('SELECT 1');
    },
  };
}
