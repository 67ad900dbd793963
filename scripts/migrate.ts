import { migrateCommand } from '@clickledger/persistence';

/** `node dist/scripts/migrate.js up | down [--all] | ensure-partitions | drop-partitions --retention-days N`. */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      '[clickledger] DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/clickledger)',
    );
    process.exit(2);
  }
  process.exitCode = await migrateCommand(process.argv.slice(2), {
    databaseUrl,
    log: (line) => {
      console.error(`[clickledger] ${line}`);
    },
  });
}

main().catch((error: unknown) => {
  console.error('[clickledger] migration failed:', error);
  process.exit(1);
});
