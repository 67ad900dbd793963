import { ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from '../errors/request-validation.error';

/** Strips unknown fields and rejects them, converts to DTO types, and names every failing field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => RequestValidationError.fromValidationErrors(errors),
  });
}
