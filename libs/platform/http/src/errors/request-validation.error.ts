import { DomainError } from './domain.error';

/** What class-validator (and Nest's ValidationPipe) report per property. */
export interface PropertyValidationError {
  readonly property: string;
  readonly constraints?: Readonly<Record<string, string>>;
  readonly children?: readonly PropertyValidationError[];
}

export interface FieldError {
  /** Dotted path into the body or query: `payout.amount`, `offers.1.weight`. */
  readonly field: string;
  readonly errors: readonly string[];
}

/** 400 naming every failing field; thrown by the global ValidationPipe. */
export class RequestValidationError extends DomainError {
  readonly code = 'request.validation-failed';
  readonly status = 400;

  constructor(readonly fields: readonly FieldError[]) {
    super(`Invalid request: ${fields.map((field) => field.field).join(', ')}`, { details: { fields } });
  }

  static fromValidationErrors(errors: readonly PropertyValidationError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: readonly PropertyValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own: FieldError[] =
      error.constraints === undefined ? [] : [{ field, errors: Object.values(error.constraints) }];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
