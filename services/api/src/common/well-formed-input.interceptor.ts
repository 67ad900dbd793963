import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { RequestValidationError, type FieldError } from '@clickledger/platform-http';
import { hasUnstorableText, toStorableText } from '@clickledger/tracking';

const VALUE_ERROR = 'must not contain NUL (U+0000) or a lone UTF-16 surrogate';
const NAME_ERROR = 'has a field name with NUL (U+0000) or a lone UTF-16 surrogate';
/** Enough to say what is wrong; a hostile body may hold thousands. */
const MAX_REPORTED_FIELDS = 20;

/**
 * Refuses, with a 400 naming each field, any string in the path, query or body that Postgres
 * cannot store: NUL, or a lone surrogate (JSON may carry `"\ud800"`). Without this such input
 * reached the database and answered 500 (issue 12, item 8). Runs before the validation pipe, so
 * every route is covered whatever its DTO says.
 */
@Injectable()
export class WellFormedInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const fields = [
        ...unstorableFields(request.params),
        ...unstorableFields(request.query),
        ...unstorableFields(request.body),
      ];
      if (fields.length > 0) throw new RequestValidationError(fields.slice(0, MAX_REPORTED_FIELDS));
    }
    return next.handle();
  }
}

/** Every path (`offers.0.name`) whose string value or field name cannot be stored; iterative, so depth is no risk. */
export function unstorableFields(input: unknown): FieldError[] {
  const found: FieldError[] = [];
  const pending: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  while (pending.length > 0 && found.length < MAX_REPORTED_FIELDS) {
    const { value, path } = pending.pop() as { value: unknown; path: string };
    if (typeof value === 'string') {
      if (hasUnstorableText(value)) found.push({ field: path || '(body)', errors: [VALUE_ERROR] });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === '' ? toStorableText(key) : `${path}.${toStorableText(key)}`;
        if (hasUnstorableText(key)) found.push({ field: childPath, errors: [NAME_ERROR] });
        pending.push({ value: child, path: childPath });
      }
    }
  }
  return found;
}
