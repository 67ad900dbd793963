import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi';

export type { components, operations, paths } from './openapi';

/** A schema of the control-plane API by name: `ApiSchema<'CampaignView'>`. */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type ApiClient = Client<paths, 'application/json'>;

/**
 * A typed client of the control-plane API, generated from its OpenAPI document
 * (`npm run api:types` writes `openapi.d.ts`). `baseUrl` is the API's origin ('' in the browser:
 * same origin); every call carries the bearer token.
 */
export function createApiClient(baseUrl: string, token: string, fetchImpl?: typeof fetch): ApiClient {
  return createClient<paths, 'application/json'>({
    baseUrl,
    headers: { authorization: `Bearer ${token}` },
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  });
}
