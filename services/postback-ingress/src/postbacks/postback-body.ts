import { parse as parseQueryString } from 'node:querystring';
import type { FastifyInstance } from 'fastify';
import type { RequestRejectionReason } from '@clickledger/tracking';
import { emptyParams } from './postback-params';

/** A body that was received but cannot be read as parameters: answered 400 or 415, and logged. */
export class UnreadableBody {
  constructor(
    readonly statusCode: 400 | 415,
    readonly reason: Extract<RequestRejectionReason, 'malformed-body' | 'unsupported-media-type'>,
    readonly message: string,
  ) {}
}

// `application/json`, `text/json` and structured suffixes such as `application/vnd.x+json`.
const JSON_TYPE = /^(?:application|text)\/(?:[\w.-]+\+)?json$/;
const LATIN1 = new Set(['iso-8859-1', 'latin1', 'us-ascii', 'ascii']);
// Read as forms: CONTRACT §4's form type, `text/plain` (networks send forms under it) and no type at all.
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'text/plain', '']);
const MAX_NAMED_TYPE_LENGTH = 100;

/**
 * Replaces Fastify's parsers (its own `text/plain` parser would win over a catch-all and hand
 * the handler a string: CONTRACT §4 reads text bodies as forms) with one that reads every body:
 * JSON types as JSON, forms, `text/plain` and untyped bodies as forms; any other type (XML, images,
 * multipart) is a 415. It never fails the request: what it cannot read becomes an `UnreadableBody` that the controller answers in the contract's shape and logs.
 * Fastify still enforces the body limit (413) while reading the bytes.
 * See https://fastify.dev/docs/latest/Reference/ContentTypeParser/ (catch-all, removeAllContentTypeParsers).
 */
export function readPostbackBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const { 'content-type': contentType, 'content-encoding': encoding } = request.headers;
    done(null, readBody(contentType, encoding, body as Buffer));
  });
}

/** The parameters of a body (a null-prototype record), or why it cannot be read. */
export function readBody(
  contentType: string | undefined,
  encoding: string | undefined,
  body: Buffer,
): Record<string, unknown> | UnreadableBody {
  if (body.length === 0) return emptyParams();
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return new UnreadableBody(
      415,
      'unsupported-media-type',
      'compressed bodies are not read; send it uncompressed',
    );
  }
  const [essence = '', ...attributes] = (contentType ?? '').toLowerCase().split(';');
  const type = essence.trim();
  if (type.startsWith('multipart/')) {
    return new UnreadableBody(
      415,
      'unsupported-media-type',
      'multipart bodies are not read; send a query string, a form or JSON',
    );
  }
  if (!FORM_TYPES.has(type) && !JSON_TYPE.test(type)) {
    return new UnreadableBody(
      415,
      'unsupported-media-type',
      `a ${type.slice(0, MAX_NAMED_TYPE_LENGTH)} body is not read; send a query string, a form (application/x-www-form-urlencoded) or JSON`,
    );
  }
  const charset = attributes.map((part) => /^\s*charset\s*=\s*"?([^";\s]+)/.exec(part)?.[1]).find(Boolean);
  // Invalid UTF-8 decodes to U+FFFD: visible, never dropped.
  const text = body.toString(charset !== undefined && LATIN1.has(charset) ? 'latin1' : 'utf8');
  if (JSON_TYPE.test(type)) return readJson(text);
  return parseQueryString(text);
}

function readJson(text: string): Record<string, unknown> | UnreadableBody {
  if (text.trim() === '') return emptyParams();
  let value: unknown;
  try {
    // Plain JSON.parse: a `"__proto__"` key becomes an own property, never the prototype.
    value = JSON.parse(text);
  } catch {
    // V8's message quotes the input: not echoed back.
    return new UnreadableBody(400, 'malformed-body', 'the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return new UnreadableBody(400, 'malformed-body', 'the JSON body must be an object of parameters');
  }
  return value as Record<string, unknown>;
}
