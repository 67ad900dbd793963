import { createApiClient, type ApiClient } from '@clickledger/api-client';

/** The token lives for the tab only (sessionStorage): closing the tab signs out. */
const TOKEN_KEY = 'clickledger.apiToken';

export interface Session {
  readonly token: string;
  readonly api: ApiClient;
}

/** Same origin: the dashboard is served by the API it talks to. */
export const openSession = (token: string): Session => ({ token, api: createApiClient('', token) });

export function restoreSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token === null || token === '' ? null : openSession(token);
}

export function saveSession(session: Session | null): void {
  if (session === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, session.token);
}
