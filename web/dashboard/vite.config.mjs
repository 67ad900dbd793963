// Builds the dashboard into dist/web/dashboard, where the API serves it at `/` (services/api/src/web).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ command }) => ({
  root: here('.'),
  base: '/',
  // Preact's automatic JSX runtime, compiled by Vite's own transformer (no Babel plugin needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: command === 'serve' } },
  resolve: {
    alias: { '@clickledger/api-client': here('../../libs/api-client/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/web/dashboard'),
    emptyOutDir: true,
    // One small bundle; no inline scripts or styles (the API's CSP allows neither).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
  },
  // `npx vite web/dashboard` serves it on :5173 with /api proxied to the local stack.
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.API_PORT ?? '8082'}` },
  },
}));
