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

/** Every reason a postback can be refused at the ingress: the parser's, and a wrong or missing key (403). */
export const INGRESS_REJECTION_REASONS = [...POSTBACK_REJECTION_REASONS, 'invalid-key'] as const;

export type IngressRejectionReason = (typeof INGRESS_REJECTION_REASONS)[number];

export const CONVERSION_STATUSES = ['approved', 'pending', 'declined'] as const;

export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

export const DEFAULT_EVENT_TYPE = 'conversion';
