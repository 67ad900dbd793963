import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createDataSource, runMigrations } from '@clickledger/persistence';
import { createHttpApp, type HttpServiceApp } from '@clickledger/platform-http';
import { testInfrastructure, uniqueSchema } from '@clickledger/testing';
import type { DataSource } from 'typeorm';
import { apiServiceOptions } from '../src/api-service.options';

export const TEST_TOKEN = 'api-test-token-0001';
export const TEST_POSTBACK_KEY = 'pb-key-for-tests';

/** A migrated schema of its own per test file: isolation without truncating anything shared. */
export interface TestSchema {
  readonly schema: string;
  readonly db: DataSource;
  drop(): Promise<void>;
}

export async function createTestSchema(name: string): Promise<TestSchema> {
  const url = testInfrastructure().databaseUrl;
  const schema = uniqueSchema(name);
  await runMigrations({ url, schema });
  const db = await createDataSource({ url, schema, poolSize: 4 }).initialize();
  return {
    schema,
    db,
    async drop() {
      await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.destroy();
    },
  };
}

/** The environment the API gets in tests; anything can be overridden. */
export function apiTestEnv(schema: string, env: Record<string, string> = {}): Record<string, string> {
  const infra = testInfrastructure();
  return {
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA: schema,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'api-spool-')),
    API_TOKEN: TEST_TOKEN,
    PUBLIC_CLICK_BASE_URL: 'https://t.example',
    PUBLIC_POSTBACK_BASE_URL: 'https://pb.example',
    LOG_LEVEL: 'warn',
    ...env,
  };
}

/** The API as `main.ts` builds it, with an explicit environment and quiet logs. */
export function createApiApp(env: Record<string, string>): Promise<HttpServiceApp> {
  return createHttpApp(
    apiServiceOptions({
      env,
      logDestination: new Writable({
        write: (_chunk, _encoding, done) => {
          done();
        },
      }),
    }),
  );
}

export interface Answer<T = Record<string, unknown>> {
  readonly statusCode: number;
  readonly body: T;
  readonly headers: Record<string, unknown>;
}

/** Authenticated JSON calls through `app.inject`. */
export function apiClient(app: HttpServiceApp, token: string = TEST_TOKEN) {
  const call = async <T>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
  ): Promise<Answer<T>> => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { statusCode: response.statusCode, body: response.json<T>(), headers: response.headers };
  };
  return {
    get: <T = Record<string, unknown>>(url: string) => call<T>('GET', url),
    post: <T = Record<string, unknown>>(url: string, body: unknown) => call<T>('POST', url, body),
    patch: <T = Record<string, unknown>>(url: string, body: unknown) => call<T>('PATCH', url, body),
    put: <T = Record<string, unknown>>(url: string, body: unknown) => call<T>('PUT', url, body),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Field names of a 400 `request.validation-failed` body. */
export function failingFields(body: unknown): string[] {
  const error = (body as { error: { details?: { fields?: { field: string }[] } } }).error;
  return (error.details?.fields ?? []).map((field) => field.field).sort();
}

export interface Created {
  readonly id: string;
}

/** Catalog rows made through the API, with defaults a test overrides where it matters. */
export function catalogFactory(api: ApiClient) {
  const created = async (
    url: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown> & Created> => {
    const answer = await api.post<Record<string, unknown> & Created>(url, body);
    if (answer.statusCode !== 201)
      throw new Error(`POST ${url}: ${answer.statusCode} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return {
    network: (body: Record<string, unknown> = {}) =>
      created('/api/affiliate-networks', { name: 'Network', template: 'cake', ...body }),
    trafficSource: (body: Record<string, unknown> = {}) =>
      created('/api/traffic-sources', {
        name: 'Source',
        externalIdParam: 'clickid',
        costParam: 'cost',
        variables: { var1: 'zone' },
        ...body,
      }),
    offer: (affiliateNetworkId: string, body: Record<string, unknown> = {}) =>
      created('/api/offers', {
        name: 'Offer',
        url: 'https://network.example/o?id=7&s2={clickid}',
        affiliateNetworkId,
        payout: { mode: 'auto', amount: '12.50', currency: 'USD' },
        ...body,
      }),
    campaign: (trafficSourceId: string, offerIds: readonly string[], body: Record<string, unknown> = {}) =>
      created('/api/campaigns', {
        name: 'Campaign',
        trafficSourceId,
        offers: offerIds.map((offerId) => ({ offerId, weight: 1 })),
        ...body,
      }),
  };
}
