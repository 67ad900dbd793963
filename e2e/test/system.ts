import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@clickledger/contracts';
import { createDataSource, runMigrations } from '@clickledger/persistence';
import { createKafkaClient, startGroupAtEnd } from '@clickledger/platform-kafka';
import { testInfrastructure, uniqueSchema, uniqueSuffix } from '@clickledger/testing';

const ROOT = join(__dirname, '../..');
const REGISTER = join(ROOT, 'infra/node/register-paths.js');
const SERVICES = ['click', 'postback-ingress', 'api', 'attribution'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const E2E_SECRET = 'e2e-click-id-secret-000000001';
export const E2E_TOKEN = 'e2e-api-token';

export interface RunningSystem {
  readonly urls: Record<ServiceName, string>;
  readonly schema: string;
  restart(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  /** The last 20,000 characters a service wrote (stdout and stderr), for a failing test's message. */
  output(name: ServiceName): string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * Runs the four built services against the test infrastructure, isolated by a database schema,
 * a Redis key prefix and consumer group names of their own. `npm test` builds dist/ first.
 */
export async function startSystem(extraEnv: Partial<Record<string, string>> = {}): Promise<RunningSystem> {
  for (const name of SERVICES) {
    if (!existsSync(join(ROOT, `dist/services/${name}/src/main.js`))) {
      throw new Error(
        `dist/services/${name} is missing: run \`npx tsc -p tsconfig.build.json\` (npm test does)`,
      );
    }
  }
  const infra = testInfrastructure();
  const schema = uniqueSchema('e2e');
  await runMigrations({ url: infra.databaseUrl, schema });
  const suffix = uniqueSuffix();
  const ports = Object.fromEntries(
    await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const)),
  ) as Record<ServiceName, number>;
  const urls = Object.fromEntries(
    SERVICES.map((name) => [name, `http://127.0.0.1:${String(ports[name])}`]),
  ) as Record<ServiceName, string>;
  const spoolRoot = mkdtempSync(join(tmpdir(), 'e2e-spool-'));
  const group = `e2e-attribution-${suffix}`;
  await startAttributionAtEnd(infra.kafkaBrokers, group);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: infra.redisUrl,
    REDIS_KEY_PREFIX: `e2e:${suffix}:`,
    CLICK_ID_SECRETS: E2E_SECRET,
    API_TOKEN: E2E_TOKEN,
    PUBLIC_CLICK_BASE_URL: urls.click,
    PUBLIC_POSTBACK_BASE_URL: urls['postback-ingress'],
    ATTRIBUTION_CONSUMER_GROUP: group,
    ATTRIBUTION_MAX_WAIT: '4s',
    ATTRIBUTION_PENDING_SCAN_INTERVAL: '250ms',
    ATTRIBUTION_CATALOG_CACHE_TTL: '0',
    ...Object.fromEntries(
      Object.entries(extraEnv).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  };
  const children = new Map<ServiceName, ChildProcess>();
  const output = new Map<ServiceName, string>();

  const start = async (name: ServiceName): Promise<void> => {
    const child = spawn(process.execPath, ['-r', REGISTER, join(ROOT, `dist/services/${name}/src/main.js`)], {
      cwd: ROOT,
      env: {
        ...env,
        HTTP_PORT: String(ports[name]),
        HTTP_HOST: '127.0.0.1',
        KAFKA_SPOOL_DIR: join(spoolRoot, name),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    output.set(name, '');
    const keep = (chunk: Buffer): void => {
      output.set(name, ((output.get(name) ?? '') + chunk.toString()).slice(-20_000));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    children.set(name, child);
    await waitReady(name, urls[name], child, () => output.get(name) ?? '');
  };

  const stopOne = async (name: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const child = children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };

  try {
    // The API first: the click service then finds campaign configs already on the topic.
    for (const name of SERVICES) await start(name);
  } catch (error) {
    await Promise.all(SERVICES.map((name) => stopOne(name, 'SIGKILL')));
    throw error;
  }

  return {
    urls,
    schema,
    output: (name) => output.get(name) ?? '',
    restart: async (name, signal = 'SIGTERM') => {
      await stopOne(name, signal);
      await start(name);
    },
    stop: async () => {
      await Promise.all(SERVICES.map((name) => stopOne(name)));
      const db = createDataSource({ url: infra.databaseUrl });
      await db.initialize();
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.destroy();
    },
  };
}

/** The shared topics hold every earlier run's events: this run's attribution starts after them. */
export async function startAttributionAtEnd(brokers: string[], groupPrefix: string): Promise<void> {
  const kafka = createKafkaClient({ brokers, clientId: 'e2e-setup' });
  await startGroupAtEnd(kafka, `${groupPrefix}.clicks`, [TOPICS.clicksRecorded.name]);
  await startGroupAtEnd(kafka, `${groupPrefix}.postbacks`, [TOPICS.postbacksReceived.name]);
  await startGroupAtEnd(kafka, `${groupPrefix}.postbacks-rejected`, [TOPICS.postbacksRejected.name]);
}

async function waitReady(
  name: string,
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${String(child.exitCode)}:\n${output()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not ready within 60 s:\n${output()}`);
}
