import { DomainError } from '@clickledger/platform-http';

/** 404 for an id that names no row. */
export class ResourceNotFoundError extends DomainError {
  readonly code = 'resource.not-found';
  readonly status = 404;

  constructor(resource: string, id: string) {
    super(`${resource} ${id} does not exist`, { details: { resource, id } });
  }
}

/** 400: a body field names a row that does not exist (an offer's network, a campaign's offer). */
export class ReferenceNotFoundError extends DomainError {
  readonly code = 'request.reference-not-found';
  readonly status = 400;

  constructor(field: string, resource: string, id: string) {
    super(`${field}: ${resource} ${id} does not exist`, { details: { field, resource, id } });
  }
}

/** 400: a `cursor` that this API did not hand out. */
export class InvalidPageCursorError extends DomainError {
  readonly code = 'pagination.invalid-cursor';
  readonly status = 400;

  constructor() {
    super('cursor: not a cursor returned by this API', { details: { field: 'cursor' } });
  }
}

/** 401 with the shared error body; the guard adds `WWW-Authenticate: Bearer`. */
export class UnauthorizedError extends DomainError {
  readonly code = 'auth.unauthorized';
  readonly status = 401;

  constructor() {
    super('Missing or invalid bearer token');
  }
}

/** 503: a feature needs a setting this install lacks (named, never its value). */
export class FeatureNotConfiguredError extends DomainError {
  readonly code = 'feature.not-configured';
  readonly status = 503;

  constructor(variable: string) {
    super(`set ${variable} on the API to use this feature`, { details: { variable } });
  }
}

/** 413: an upload past its bound (bytes, rows or line length); nothing of it was applied. */
export class UploadTooLargeApiError extends DomainError {
  readonly code = 'upload.too-large';
  readonly status = 413;

  constructor(message: string, limit: string, bound: number) {
    super(message, { details: { limit, bound } });
  }
}

/** 415: a body type the route does not read. */
export class UnsupportedUploadTypeError extends DomainError {
  readonly code = 'upload.unsupported-media-type';
  readonly status = 415;

  constructor(accepted: readonly string[]) {
    super(`send the file as one of: ${accepted.join(', ')}`, { details: { accepted } });
  }
}
