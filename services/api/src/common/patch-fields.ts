/**
 * For `PartialType` on PATCH bodies: a field left out is unchanged, but a field sent as `null` is
 * validated like any value, so `{"name": null}` is a 400 naming `name` rather than a database error.
 * Fields that may be cleared keep their own `@IsOptional()` from the create DTO and still accept null.
 */
export const PATCH_FIELDS = { skipNullProperties: false } as const;
