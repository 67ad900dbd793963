/** Why the ingress rejects a postback (CONTRACT §4); stable codes shown to users and networks. */
export const POSTBACK_REJECTION_REASONS = [
  'missing-click-id',
  'invalid-click-id',
  'unsubstituted-macro',
  'click-id-expired',
  'invalid-payout',
  'invalid-currency',
  'invalid-status',
  'invalid-event-type',
  'invalid-txid',
] as const;

export type PostbackRejectionReason = (typeof POSTBACK_REJECTION_REASONS)[number];

/**
 * Requests refused before their parameters could be read (CONTRACT §4): a body that cannot be
 * read (400), too large (413), of a type or coding we cannot read (415), headers too large (431),
 * a URL too long (414), a method other than GET/POST/HEAD (405). Each still reaches the postback log.
 */
export const REQUEST_REJECTION_REASONS = [
  'malformed-body',
  'body-too-large',
  'unsupported-media-type',
  'headers-too-large',
  'uri-too-long',
  'method-not-allowed',
] as const;

export type RequestRejectionReason = (typeof REQUEST_REJECTION_REASONS)[number];

/** Every reason a postback can be refused at the ingress: the parser's, a wrong or missing key (403), unreadable requests. */
export const INGRESS_REJECTION_REASONS = [
  ...POSTBACK_REJECTION_REASONS,
  'invalid-key',
  ...REQUEST_REJECTION_REASONS,
] as const;

export type IngressRejectionReason = (typeof INGRESS_REJECTION_REASONS)[number];

export const CONVERSION_STATUSES = ['approved', 'pending', 'declined'] as const;

export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

export const DEFAULT_EVENT_TYPE = 'conversion';
