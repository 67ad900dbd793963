import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ROOT } from './processes';

/** A checkout whose build of a service a bench measures: its root, its label suffix, its id tag. */
export interface Build {
  readonly root: string;
  readonly label: string;
  readonly tag: string;
}

/**
 * This checkout's build, then, with `--against DIR`, that checkout's (measured in the same turns:
 * changes worth a few percent are lost in the machine's drift between two separate benches).
 * Exits 2 when one of them has no build of the service.
 */
export function buildsToCompare(against: string, service: string): readonly Build[] {
  const builds: Build[] = [{ root: ROOT, label: '', tag: '' }];
  if (against !== '')
    builds.push({ root: resolve(against), label: ` (${basename(resolve(against))})`, tag: 'a' });
  for (const { root } of builds) {
    if (!existsSync(join(root, `dist/services/${service}/src/main.js`))) {
      console.error(
        `no ${service} service built in ${root}: run \`npx tsc -p tsconfig.build.json\` there first`,
      );
      process.exit(2);
    }
  }
  return builds;
}
