import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiUnauthorizedResponse,
  getSchemaPath,
  type ApiPropertyOptions,
} from '@nestjs/swagger';
import { CUSTOM_VARIABLES } from '@clickledger/tracking';

/** The one error shape of every answer that is not a success (libs/platform/http `ErrorBody`). */
export class ErrorDetailView {
  @ApiProperty({ example: 'request.validation-failed', description: 'stable, machine-readable' })
  readonly code!: string;

  @ApiProperty({ example: 'Invalid request: name' })
  readonly message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'validation errors carry `fields: [{field, errors}]`, one per failing field',
  })
  readonly details?: Record<string, unknown>;
}

export class ErrorBodyView {
  @ApiProperty({ type: ErrorDetailView })
  readonly error!: ErrorDetailView;
}

/** 400 and 401 on every `/api` operation, both in the shared error shape. */
export const ApiErrorResponses = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiBadRequestResponse({
      type: ErrorBodyView,
      description: 'invalid input; every failing field is named',
    }),
    ApiUnauthorizedResponse({ type: ErrorBodyView, description: 'missing or wrong bearer token' }),
  );

/** `{items, nextCursor}` of one view class, as every list answers. */
export const ApiPageResponse = (item: Type): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description: 'newest first; pass nextCursor back as ?cursor= for the next page',
      schema: {
        type: 'object',
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true },
        },
        required: ['items', 'nextCursor'],
      },
    }),
  );

/** `{var1: "zone", …}` or `{var1: "42", …}`: custom variables by name, only those set. */
export const VARIABLES_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(CUSTOM_VARIABLES.map((name) => [name, { type: 'string' as const }])),
  example: { var1: 'zone' },
} satisfies ApiPropertyOptions;

/** 404 of `/:id` routes: no row with that id. */
export const ApiNotFound = (): MethodDecorator =>
  ApiNotFoundResponse({ type: ErrorBodyView, description: 'no row with that id' });

/**
 * The data shape of a schema class: what handlers build and return (object literals, never
 * instances). The classes carry the `@ApiProperty` decorators for the OpenAPI document; code
 * uses this plain type, so no object literal poses as a class instance.
 */
export type Plain<T> = { readonly [K in keyof T]: T[K] };
