import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * Millisecond precision on purpose: JavaScript dates carry milliseconds, so a keyset cursor built
 * from a row's timestamp compares exactly with what Postgres stores (microseconds would not).
 */
export const TIMESTAMP_PRECISION = 3;

export abstract class Timestamped {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  updatedAt!: Date;
}
