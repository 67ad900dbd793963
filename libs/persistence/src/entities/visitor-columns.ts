import { Column } from 'typeorm';

/**
 * The visitor fields' columns, one definition for the tables that carry them (a click, and its
 * conversions, which copy them when attributed): the same types and lengths in both, so a value
 * that fits one fits the other.
 */
export const VisitorColumn = {
  device: () => Column({ type: 'varchar', length: 32, nullable: true }),
  os: () => Column({ type: 'varchar', length: 64, nullable: true }),
  browser: () => Column({ type: 'varchar', length: 64, nullable: true }),
  /** ISO 3166-1 alpha-2, upper case. */
  country: () => Column({ type: 'char', length: 2, nullable: true }),
};
