export const REDACTED = '[redacted]';

/** pino redact paths: credentials that may appear in logged objects. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'req.query.key',
  'headers.authorization',
  'headers.cookie',
  'query.key',
  '*.password',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.apiToken',
  '*.postbackKey',
];

// The postback `key` (and common credential names) ride in query strings, and URLs get logged.
const SECRET_QUERY_PARAM = /([?&](?:key|token|api_key|apikey|access_token|secret|password)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAM, `$1${REDACTED}`);
}
