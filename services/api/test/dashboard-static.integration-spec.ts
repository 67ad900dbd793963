import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { DASHBOARD_CSP } from '../src/web/security-headers';
import { apiTestEnv, createApiApp, createTestSchema, type TestSchema } from './api-app';

/** The built dashboard at `/` (DASHBOARD_DIR), public, cached by name; and what `/` says when it is not built. */
describe('control-plane API: the dashboard files', () => {
  let database: TestSchema;

  beforeAll(async () => {
    database = await createTestSchema('api_dashboard');
  });

  afterAll(async () => {
    await database.drop();
  });

  const withApp = async (dashboardDir: string, check: (app: HttpServiceApp) => Promise<void>) => {
    const app = await createApiApp(apiTestEnv(database.schema, { DASHBOARD_DIR: dashboardDir }));
    try {
      await check(app);
    } finally {
      await app.close();
    }
  };

  it('serves index.html and the hashed assets without a token, under the strict CSP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app-1.js"></script>',
    );
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    await withApp(dir, async (app) => {
      const index = await app.inject({ method: 'GET', url: '/' });
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-type']).toContain('text/html');
      expect(index.headers['cache-control']).toBe('no-cache');
      expect(index.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(index.body).toContain('/assets/app-1.js');
      const asset = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-type']).toContain('javascript');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // Only files that exist are routes: anything else is the API's own 404, and /api keeps its token.
      const missing = await app.inject({ method: 'GET', url: '/assets/nope.js' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: { code: expect.any(String) as unknown } });
      expect((await app.inject({ method: 'GET', url: '/api/offers' })).statusCode).toBe(401);
    });
  });

  it('answers any path with a file it serves, a 4xx or a redirect, never a 5xx or a file outside the dashboard (property)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dashboard-root-'));
    writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
    const dir = join(root, 'dist');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    // Any bytes, percent-encoded, or the pieces a traversal is made of.
    const percent = (bytes: Uint8Array) =>
      [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2E%2F',
        '%c0%ae%c0%ae',
        '%00',
        'assets',
        'app-1.js',
        'index.html',
        'secret.txt',
        '',
        'dist',
      ),
      fc.uint8Array({ maxLength: 6 }).map(percent),
    );
    await withApp(dir, async (app) => {
      await fc.assert(
        fc.asyncProperty(fc.array(segment, { maxLength: 6 }), async (segments) => {
          const answer = await app.inject({ method: 'GET', url: `/${segments.join('/')}` });
          expect(answer.statusCode).toBeLessThan(500);
          expect(answer.body).not.toContain('TOP-SECRET');
        }),
        { numRuns: 300 },
      );
    });
  });

  it('answers / with how to build the dashboard when it is not built', async () => {
    await withApp(join(tmpdir(), 'no-such-dashboard'), async (app) => {
      const index = await app.inject({ method: 'GET', url: '/' });
      expect(index.statusCode).toBe(503);
      expect(index.body).toContain('npm run build:dashboard');
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    });
  });
});
