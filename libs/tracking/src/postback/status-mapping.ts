import { CONVERSION_STATUSES, type ConversionStatus } from './postback-reasons';

/**
 * A network's own status values and what they mean here (CONTRACT §4), e.g. Affise's `5` (hold)
 * → pending. Keys are matched case-insensitively; they add to or override the built-in table.
 */
export type StatusMap = Readonly<Record<string, ConversionStatus>>;

/** Built-in synonyms, case-insensitive (CONTRACT §4). */
export const BUILT_IN_STATUS_SYNONYMS: StatusMap = Object.freeze({
  approved: 'approved',
  approve: 'approved',
  '1': 'approved',
  pending: 'pending',
  hold: 'pending',
  '2': 'pending',
  declined: 'declined',
  rejected: 'declined',
  reversed: 'declined',
  '3': 'declined',
});

/** What a status value may look like, at the ingress and as a statusMap key: 1-64 printable characters. */
export const MAX_STATUS_VALUE_LENGTH = 64;
export const MAX_STATUS_MAP_ENTRIES = 50;
// C0/C1 control characters, DEL, and the Unicode line/paragraph separators.
const NON_PRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function isStatusValue(value: string): boolean {
  const length = Array.from(value).length; // code points
  return (
    length >= 1 && length <= MAX_STATUS_VALUE_LENGTH && !NON_PRINTABLE.test(value) && value.trim() === value
  );
}

export function isConversionStatus(value: unknown): value is ConversionStatus {
  return typeof value === 'string' && (CONVERSION_STATUSES as readonly string[]).includes(value);
}

/** A statusMap with lower-cased keys, in a null-prototype object (keys are the network's words). */
export function normalizeStatusMap(map: Readonly<Record<string, string>> | null | undefined): StatusMap {
  const normalized: Record<string, ConversionStatus> = Object.create(null) as Record<
    string,
    ConversionStatus
  >;
  if (!map) return normalized;
  for (const [key, value] of Object.entries(map)) {
    if (isConversionStatus(value)) normalized[key.toLowerCase()] = value;
  }
  return normalized;
}

/** The built-in meaning of a network's status value, or undefined when it has none. */
export function builtInStatus(value: string): ConversionStatus | undefined {
  return Object.hasOwn(BUILT_IN_STATUS_SYNONYMS, value.toLowerCase())
    ? BUILT_IN_STATUS_SYNONYMS[value.toLowerCase()]
    : undefined;
}

/**
 * The status a network's value means: its statusMap (normalized) first, then the built-in
 * synonyms; undefined when neither knows it (logged `invalid-status`, naming the value).
 */
export function resolveStatus(value: string, statusMap: StatusMap): ConversionStatus | undefined {
  const key = value.toLowerCase();
  if (Object.hasOwn(statusMap, key)) return statusMap[key];
  return builtInStatus(value);
}
