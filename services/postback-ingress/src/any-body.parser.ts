import { parse } from 'node:querystring';
import type { HttpServiceApp } from '@clickledger/platform-http';

/**
 * Networks post with whatever content type their template says, `text/plain` included. Fastify
 * would answer 415 to anything but JSON and forms; here any other body is read as a form.
 */
export function acceptAnyBody(app: HttpServiceApp): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      done(null, parse(typeof body === 'string' ? body : body.toString('utf8')));
    });
}
