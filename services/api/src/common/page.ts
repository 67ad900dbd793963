import { InvalidCursorError, type Page } from '@clickledger/persistence';
import { InvalidPageCursorError } from './api.errors';

/** What every list answers: `{items, nextCursor}`; pass nextCursor back as `?cursor=` for the next page. */
export interface PageView<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export function mapPage<E, V>(page: Page<E>, view: (row: E) => V): PageView<V> {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/** Runs a paged read, turning a forged or stale cursor into a 400 instead of a 500. */
export async function readPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new InvalidPageCursorError();
    throw error;
  }
}
