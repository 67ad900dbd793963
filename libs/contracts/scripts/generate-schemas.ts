/**
 * Writes libs/contracts/schemas/*.schema.json from the event classes. Run after changing an event:
 *   npx ts-node -r tsconfig-paths/register --transpile-only libs/contracts/scripts/generate-schemas.ts
 * The contracts spec fails while the committed files differ from what this would write.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allEventSchemas } from '../src/schema/event-schemas';

const dir = join(__dirname, '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const { file, schema } of allEventSchemas()) {
  writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
