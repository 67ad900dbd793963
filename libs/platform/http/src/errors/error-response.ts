import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from './domain.error';
import { errorBody, type ErrorResponse } from './error-body';

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'http.bad-request',
  401: 'http.unauthorized',
  403: 'http.forbidden',
  404: 'http.not-found',
  405: 'http.method-not-allowed',
  406: 'http.not-acceptable',
  408: 'http.request-timeout',
  409: 'http.conflict',
  413: 'http.payload-too-large',
  415: 'http.unsupported-media-type',
  422: 'http.unprocessable-entity',
  429: 'http.too-many-requests',
  503: 'http.service-unavailable',
};

const INTERNAL: ErrorResponse = {
  status: HttpStatus.INTERNAL_SERVER_ERROR,
  body: errorBody('internal', 'Internal server error'),
};

/** Errors thrown by Fastify itself (body too large, malformed JSON) carry a client status. */
interface StatusCarrying {
  readonly statusCode: number;
  readonly message: string;
}

function carriesClientStatus(error: unknown): error is StatusCarrying {
  if (!(error instanceof Error)) return false;
  const { statusCode } = error as Partial<StatusCarrying>;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

function clientError(status: number, message: string): ErrorResponse {
  return { status, body: errorBody(STATUS_CODES[status] ?? `http.${status}`, message) };
}

/** Maps anything thrown while handling a request to its status and `ErrorBody`. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  // Domain errors are written to be shown (safe message and details), whatever their status.
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      body: errorBody(exception.code, exception.message, exception.details),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 503) return { status, body: errorBody('http.service-unavailable', 'Service unavailable') };
    if (status >= 500) return { ...INTERNAL, status };
    return clientError(status, exception.message);
  }
  if (carriesClientStatus(exception)) return clientError(exception.statusCode, exception.message);
  return INTERNAL;
}
