import type { HttpServiceApp } from '@clickledger/platform-http';

/** The sink keeps form bodies (POST postbacks) as the text they arrived as. */
export function addFormParser(app: HttpServiceApp): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, body);
      },
    );
}
