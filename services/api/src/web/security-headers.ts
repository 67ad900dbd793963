import type { FastifyInstance } from 'fastify';

const COMMON = [
  "default-src 'none'",
  "script-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The dashboard and every API answer: no inline script and no inline style anywhere. */
export const DASHBOARD_CSP = [...COMMON, "style-src 'self'"].join('; ');

/**
 * Swagger UI's page carries an inline `<style>` and React sets `style` attributes, so its route
 * allows inline styles; scripts stay `'self'` only (its init script is a file of its own).
 */
export const DOCS_CSP = [...COMMON, "style-src 'self' 'unsafe-inline'"].join('; ');

const DOCS_PREFIX = '/api/docs';

/**
 * Security headers on every answer of the API: the Content-Security-Policy above, no MIME sniffing,
 * no framing, no referrer (dashboard URLs carry click IDs in their filters).
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const docs = request.url.startsWith(DOCS_PREFIX) && !request.url.startsWith(`${DOCS_PREFIX}-json`);
    void reply
      .header('content-security-policy', docs ? DOCS_CSP : DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer');
    done(null, payload);
  });
}
