export * from './entities';
export * from './data-source';
export * from './pagination/cursor';
export * from './partitions/click-partitions';
export * from './repositories';
export { migrateCommand, type MigrateOptions } from './cli/migrate';
export { parseMigrateArgs, type MigrateCommand, MIGRATE_USAGE } from './cli/migrate-args';
export * from './persistence.module';
export * from './schema-check';
