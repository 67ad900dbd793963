import { parseClickId } from '@clickledger/tracking';

/** Click IDs are stored canonical (upper case, Crockford aliases resolved); anything else as received. */
export function clickIdFilter(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const parsed = parseClickId(input);
  return parsed.ok ? parsed.clickId : input;
}
