import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { DASHBOARD_CSP, DOCS_CSP } from '../src/web/security-headers';
import { apiTestEnv, createApiApp, createTestSchema, type TestSchema } from './api-app';

interface Schema {
  readonly type?: string;
  readonly $ref?: string;
  readonly properties?: Record<string, Schema>;
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly allOf?: Schema[];
  readonly oneOf?: Schema[];
}
interface Operation {
  readonly operationId: string;
  readonly parameters?: { readonly name: string; readonly in: string; readonly schema?: Schema }[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema?: Schema }> };
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: Schema }> }>;
}
interface Document {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const ROOT = join(__dirname, '../../..');
const CLIENT_TYPES = join(ROOT, 'libs/api-client/src/openapi.d.ts');

/**
 * Every schema a client cannot type: no type at all, or `type: object` with neither properties
 * nor additionalProperties (what `string | null` fields used to become).
 */
function untypedObjects(schema: Schema | undefined, at: string): string[] {
  // A reference (nullable ones are `allOf: [$ref]`) is typed where it points.
  if (schema === undefined || schema.$ref !== undefined || schema.allOf !== undefined) return [];
  const bareObject =
    schema.type === 'object' && schema.properties === undefined && schema.additionalProperties === undefined;
  const own = bareObject || (schema.type === undefined && schema.oneOf === undefined) ? [at] : [];
  return [
    ...own,
    ...Object.entries(schema.properties ?? {}).flatMap(([name, inner]) =>
      untypedObjects(inner, `${at}.${name}`),
    ),
    ...(typeof schema.additionalProperties === 'object'
      ? untypedObjects(schema.additionalProperties, `${at}{}`)
      : []),
    ...untypedObjects(schema.items, `${at}[]`),
  ];
}

describe('control-plane API: OpenAPI document and Swagger UI', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let document: Document;

  beforeAll(async () => {
    database = await createTestSchema('api_openapi');
    app = await createApiApp(apiTestEnv(database.schema));
    document = (await app.inject({ method: 'GET', url: '/api/docs-json' })).json<Document>();
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('passes a standard OpenAPI validator', async () => {
    expect(document.openapi).toMatch(/^3\./);
    // The validator dereferences in place: it gets a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('is what the checked-in client types were generated from (npm run api:types)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    // The generator's own command, with the options npm run api:types uses.
    execFileSync(
      'bash',
      [join(ROOT, 'scripts/api-types.sh'), join(dir, 'openapi.json'), join(dir, 'openapi.d.ts')],
      {
        stdio: 'pipe',
      },
    );
    expect(readFileSync(join(dir, 'openapi.d.ts'), 'utf8')).toBe(readFileSync(CLIENT_TYPES, 'utf8'));
  });

  it('declares every path parameter, as a string', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => method in item).map((method) => ({ path, operation: item[method] })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(25);
    expect(operations.every(({ path }) => path.startsWith('/api/'))).toBe(true);
    for (const { path, operation } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path');
      expect({ path, declared: declared.map((p) => p.name).sort() }).toEqual({
        path,
        declared: inPath.sort(),
      });
      for (const parameter of declared) expect(parameter.schema?.type).toBe('string');
    }
  });

  it('gives every operation a success response with a schema, and typed request bodies', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS.filter((m) => m in item)) {
        const operation = item[method];
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        expect({ path, method, success: success.length }).toEqual({ path, method, success: 1 });
        const content = Object.values(success[0][1].content ?? {});
        expect({ path, method, schemas: content.filter((c) => c.schema !== undefined).length }).toEqual({
          path,
          method,
          schemas: Math.max(1, content.length),
        });
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401']));
        for (const body of Object.values(operation.requestBody?.content ?? {})) {
          expect(body.schema).toBeDefined();
        }
      }
    }
  });

  it('types string fields as strings: no property is a bare object', () => {
    const bare = Object.entries(document.components.schemas).flatMap(([name, schema]) =>
      untypedObjects(schema, name),
    );
    expect(bare).toEqual([]);
    const source = document.components.schemas['CreateTrafficSourceDto'].properties!;
    for (const field of ['externalIdParam', 'costParam', 'postbackUrl'])
      expect(source[field].type).toBe('string');
    expect(document.components.schemas['CreateCampaignDto'].properties!['postbackUrl'].type).toBe('string');
  });

  it('serves Swagger UI at /api/docs, under a CSP with no inline script', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(DOCS_CSP).toContain("script-src 'self'");
    expect(DOCS_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    // The page's own script is a file, never inline.
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      const answer = await app.inject({ method: 'GET', url: `/api/docs/${asset}` });
      expect({ asset, status: answer.statusCode }).toEqual({ asset, status: 200 });
    }
  });

  it('keeps the API behind the token and puts the strict CSP on its answers', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/campaigns' });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});
