/**
 * Plain words for the codes the API answers with: the postback log's reasons and outcomes, the
 * delivery outcomes. A media buyer reads these; the code stays visible for support and search.
 */
export const REASONS: Readonly<Record<string, string>> = {
  'missing-click-id':
    'The postback had no click ID (cid). The network did not fill it in: check the postback URL in its panel.',
  'invalid-click-id':
    'The click ID is not one of ours (wrong length or characters, or signed by another install).',
  'unsubstituted-macro':
    'The network sent its placeholder (like {aff_sub} or #s2#) instead of the click ID: the sub-ID it fills is not the one the offer link carries it in.',
  'click-id-expired': 'The click ID is older than this install keeps clicks for.',
  'invalid-payout': 'The payout is not a number we can read (or is ambiguous, like 1,234).',
  'invalid-currency': 'The currency is not an ISO 4217 code such as USD or EUR.',
  'invalid-status': "The network's status value is not known: add it to the network's status map.",
  'invalid-event-type': 'The event type must be lower-case letters, digits, - or _ (at most 32).',
  'invalid-txid': 'The transaction ID is too long or holds characters that cannot be printed.',
  'invalid-key': 'The postback key was missing or wrong.',
  'malformed-body': 'The request body could not be read.',
  'body-too-large': 'The request body was too large.',
  'unsupported-media-type': 'The request body was of a type we do not read.',
  'headers-too-large': 'The request headers were too large.',
  'uri-too-long': 'The URL was too long.',
  'method-not-allowed': 'Only GET and POST postbacks are read.',
  'click-not-found':
    'No click with this ID arrived in time: the postback names a click this tracker never recorded.',
  'ip-not-allowed': "The postback came from an address outside the network's allowed IPs.",
  'outside-attribution-window':
    "The conversion came later after the click than the offer's attribution window allows.",
  duplicate: 'The same conversion (click, event and transaction ID) was already counted with this status.',
  'unknown-offer': 'The click names an offer that no longer exists.',
  'schema-invalid': 'The postback event could not be read.',
};

export const explainReason = (reason: string | null): string =>
  reason === null ? '' : (REASONS[reason] ?? 'See the message for details.');

export const OUTCOMES: Readonly<Record<string, string>> = {
  accepted: 'Counted',
  'status-changed': 'Status changed',
  duplicate: 'Duplicate, not counted',
  rejected: 'Rejected',
  pending: 'Waiting for its click',
};

export const DELIVERY_OUTCOMES: Readonly<Record<string, string>> = {
  pending: 'Sending (retries pending)',
  delivered: 'Delivered',
  failed: 'Failed',
  expired: 'Gave up',
  retry: 'Will retry',
};

export const STATUSES: Readonly<Record<string, string>> = {
  approved: 'Approved',
  pending: 'Pending',
  declined: 'Declined',
};

export const formatTime = (iso: string | null | undefined): string =>
  iso === null || iso === undefined ? '' : new Date(iso).toLocaleString();

/** A decimal string as the user's locale writes it, without ever going through a float for money sums. */
export const formatMoney = (amount: string, currency: string): string => `${amount} ${currency}`;

export const formatRatio = (value: string | null, percent = false): string => {
  if (value === null) return '–';
  const number = Number(value);
  return percent ? `${(number * 100).toFixed(2)} %` : number.toFixed(4);
};
