import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BearerTokenGuard } from './bearer-token.guard';

/** A controller under the `/api` prefix, behind the bearer token, tagged in the OpenAPI document. */
export const ApiController = (path: string, tag: string): ClassDecorator =>
  applyDecorators(Controller(path), UseGuards(BearerTokenGuard), ApiBearerAuth(), ApiTags(tag));
