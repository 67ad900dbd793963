import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/openapi-responses';
import { BearerTokenGuard } from './bearer-token.guard';

/**
 * A controller under the `/api` prefix, behind the bearer token, tagged in the OpenAPI document,
 * with the shared 400/401 error answers declared on each of its operations.
 */
export const ApiController = (path: string, tag: string): ClassDecorator =>
  applyDecorators(
    Controller(path),
    UseGuards(BearerTokenGuard),
    ApiBearerAuth(),
    ApiTags(tag),
    ApiErrorResponses(),
  );
