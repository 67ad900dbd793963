import {
  BadRequestException,
  ForbiddenException,
  InternalServerErrorException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DomainError } from './domain.error';
import { toErrorResponse } from './error-response';
import { RequestValidationError } from './request-validation.error';

class UnsubstitutedMacroError extends DomainError {
  readonly code = 'postback.unsubstituted-macro';
  readonly status = 400;

  constructor(macro: string) {
    super(`cid is an unsubstituted macro: ${macro}`, { details: { macro } });
  }
}

class SpoolFullError extends DomainError {
  readonly code = 'postback.not-durable';
  readonly status = 503;
}

describe('toErrorResponse', () => {
  it('maps a domain error to its status, code, message and details', () => {
    const error = new UnsubstitutedMacroError('{aff_sub}');
    expect(error.name).toBe('UnsubstitutedMacroError');
    expect(toErrorResponse(error)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'postback.unsubstituted-macro',
          message: 'cid is an unsubstituted macro: {aff_sub}',
          details: { macro: '{aff_sub}' },
        },
      },
    });
  });

  it('keeps a domain error without details free of a details key', () => {
    expect(toErrorResponse(new SpoolFullError('Cannot make the postback durable now'))).toEqual({
      status: 503,
      body: { error: { code: 'postback.not-durable', message: 'Cannot make the postback durable now' } },
    });
  });

  it('names every failing field of a validation error, nested ones by path', () => {
    const error = RequestValidationError.fromValidationErrors([
      { property: 'name', constraints: { isString: 'name must be a string' } },
      {
        property: 'payout',
        children: [
          { property: 'amount', constraints: { matches: 'amount must be a decimal string' } },
          { property: 'currency', constraints: { isLength: 'bad length', isUpperCase: 'upper case' } },
        ],
      },
      {
        property: 'offers',
        children: [{ property: '1', children: [{ property: 'weight', constraints: { min: 'min 0' } }] }],
      },
    ]);
    const { status, body } = toErrorResponse(error);
    expect(status).toBe(400);
    expect(body.error.code).toBe('request.validation-failed');
    expect(body.error.message).toBe('Invalid request: name, payout.amount, payout.currency, offers.1.weight');
    expect(body.error.details).toEqual({
      fields: [
        { field: 'name', errors: ['name must be a string'] },
        { field: 'payout.amount', errors: ['amount must be a decimal string'] },
        { field: 'payout.currency', errors: ['bad length', 'upper case'] },
        { field: 'offers.1.weight', errors: ['min 0'] },
      ],
    });
  });

  it('maps Nest HTTP exceptions to http.* codes', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x'))).toEqual({
      status: 404,
      body: { error: { code: 'http.not-found', message: 'Cannot GET /x' } },
    });
    expect(toErrorResponse(new ForbiddenException()).body.error.code).toBe('http.forbidden');
    expect(toErrorResponse(new BadRequestException('nope')).body.error).toEqual({
      code: 'http.bad-request',
      message: 'nope',
    });
    expect(toErrorResponse(new ServiceUnavailableException('redis down at 10.0.0.3')).body.error).toEqual({
      code: 'http.service-unavailable',
      message: 'Service unavailable',
    });
  });

  it('maps Fastify client errors by their statusCode', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toErrorResponse(tooLarge)).toEqual({
      status: 413,
      body: { error: { code: 'http.payload-too-large', message: 'Request body is too large' } },
    });
  });

  it('never leaks internals of unknown errors or 5xx exceptions', () => {
    const internal = { status: 500, body: { error: { code: 'internal', message: 'Internal server error' } } };
    expect(toErrorResponse(new Error('password=hunter2'))).toEqual(internal);
    expect(toErrorResponse('a string')).toEqual(internal);
    expect(toErrorResponse(new InternalServerErrorException('stack: /srv/app.js:1'))).toEqual(internal);
    expect(toErrorResponse(Object.assign(new Error('upstream'), { statusCode: 502 }))).toEqual(internal);
  });
});
