import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Baselines } from './baselines';
import { serviceBatchCounter } from './batch-counts';
import { ROOT, type RunningProcess } from './processes';
import { measureInTurns, type Contender, type WrkOptions, type WrkResult, type WrkTarget } from './wrk';

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

/** A build under its label and request-id tag in one bench run. */
export interface Variant extends Build {
  readonly label: string;
  readonly tag: string;
}

/**
 * Starts each variant's service (`start`), measures them in turns with the two baselines against
 * `target`, then stops everything (stopping flushes what the services were still publishing).
 */
export async function measureBuildsInTurns<V extends Variant>(
  baselines: Baselines,
  target: Omit<WrkTarget, 'port' | 'pid' | 'tag'>,
  variants: readonly V[],
  start: (variant: V) => Promise<RunningProcess>,
  options: WrkOptions,
): Promise<Map<string, WrkResult>> {
  const services: RunningProcess[] = [];
  try {
    const contenders: Contender[] = [...baselines.contenders];
    for (const variant of variants) {
      const service = await start(variant);
      services.push(service);
      contenders.push({
        label: variant.label,
        target: { ...target, port: service.port, pid: service.child.pid, tag: variant.tag },
        batchCounter: serviceBatchCounter(service.port),
      });
    }
    return await measureInTurns(contenders, options);
  } finally {
    await Promise.all([baselines.stop(), ...services.map((service) => service.stop())]);
  }
}
