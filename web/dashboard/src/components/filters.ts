/** `datetime-local` values (the user's local time) ⇄ ISO instants for the API. */
export const toInstant = (local: string): string | undefined =>
  local === '' ? undefined : new Date(local).toISOString();

export const paramOf = (params: URLSearchParams, name: string): string => params.get(name) ?? '';

export const optional = (value: string): string | undefined =>
  value.trim() === '' ? undefined : value.trim();
