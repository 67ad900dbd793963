import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HttpServiceApp } from '@clickledger/platform-http';

/** Where `vite build` puts the dashboard (web/dashboard/vite.config.mjs), under the workspace root. */
const BUILD_OUTPUT = join('dist', 'web', 'dashboard');

/** The workspace root (the folder with package.json) above this file, from src/ or dist/ alike. */
function workspaceRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

export function defaultDashboardDir(): string | null {
  const root = workspaceRoot(__dirname);
  return root === null ? null : join(root, BUILD_OUTPUT);
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT =
  'The Clickledger dashboard is not built. Run `npm run build:dashboard` (npm run stack:up builds it), ' +
  'or set DASHBOARD_DIR to a built copy. The API itself is at /api, its documentation at /api/docs.\n';

/**
 * The dashboard's built files at `/`, public like any web page (the data behind it needs the
 * token). Only files that exist get a route, so every other path reaches the API's own 404.
 * Hashed assets are cached for good; index.html is revalidated so a new build shows at once.
 */
export function serveDashboard(app: HttpServiceApp, dir: string | null): void {
  const fastify = app.getHttpAdapter().getInstance();
  if (dir === null || !existsSync(join(dir, 'index.html'))) {
    fastify.get('/', (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT));
    return;
  }
  app.useStaticAssets({
    root: dir,
    prefix: '/',
    wildcard: false,
    decorateReply: false,
    cacheControl: false,
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/assets/')) void reply.header('cache-control', IMMUTABLE);
    else if (request.url === '/' || request.url === '/index.html')
      void reply.header('cache-control', 'no-cache');
    done(null, payload);
  });
}
