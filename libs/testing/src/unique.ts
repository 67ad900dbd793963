import { randomBytes } from 'node:crypto';

/** A short random suffix: tests isolate by unique names instead of truncating shared state. */
export const uniqueSuffix = (): string => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

export const uniqueTopic = (base: string): string => `test.${base}.${uniqueSuffix()}`;
export const uniqueGroup = (base: string): string => `test-${base}-${uniqueSuffix()}`;
/** Postgres schema names: lower case letters, digits and underscores only. */
export const uniqueSchema = (base: string): string =>
  `t_${base}_${uniqueSuffix()}`.replace(/[^a-z0-9_]/g, '_');
