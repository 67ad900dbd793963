import type { DataSource } from 'typeorm';

export class SchemaNotMigratedError extends Error {
  readonly code = 'persistence.schema-not-migrated';
}

/**
 * A service never migrates on its own: at start it checks that every migration has been
 * applied, and otherwise refuses to consume, saying what to run.
 */
export async function assertSchemaMigrated(dataSource: DataSource, schema: string): Promise<void> {
  let pending: boolean;
  try {
    pending = await dataSource.showMigrations();
  } catch (error) {
    throw new SchemaNotMigratedError(
      `cannot read the migrations of schema "${schema}" (${error instanceof Error ? error.message : String(error)}); ` +
        'run the migrations first: `migrate up` (libs/persistence)',
    );
  }
  if (pending) {
    throw new SchemaNotMigratedError(
      `database schema "${schema}" has migrations that are not applied; run \`migrate up\` (libs/persistence) ` +
        'before starting the service',
    );
  }
}
