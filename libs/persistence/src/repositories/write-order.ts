import type { ConversionIdentity } from './conversion.repository';

/**
 * The orders the attribution's batch writes lock rows in: one order for every instance, so two
 * writers of the same rows wait for each other rather than deadlock.
 */

/** Text by UTF-16 code units, as `<` compares. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order new conversions are inserted in (their identity is locked by the insertion): field by
 * field, which is the order of the identities' texts joined by NUL (NUL sorts before every other
 * character and cannot occur in stored text). It used to build those texts: a rope per
 * conversion, which the sort's comparisons then flattened.
 */
export function compareConversionIdentity(a: ConversionIdentity, b: ConversionIdentity): number {
  return (
    compareText(a.clickId, b.clickId) ||
    compareText(a.eventType, b.eventType) ||
    compareText(a.dedupeKey, b.dedupeKey)
  );
}
