import type {
  ConversionIdentity,
  PayoutMode,
  StoredConversion,
  VariableValues,
} from '@clickledger/persistence';
import type { StatusMap } from '@clickledger/tracking';
import type { IpAllowlist } from './ip-allowlist';

/** What attribution needs of a click: cached in Redis, read from Postgres on a miss. */
export interface ClickSnapshot {
  readonly clickId: string;
  readonly clickedAt: Date;
  readonly campaignId: string;
  readonly offerId: string;
  readonly affiliateNetworkId: string;
  readonly trafficSourceId: string;
  readonly externalId: string | null;
  readonly vars: VariableValues;
  /** Made by the test-postback tool: its conversions are marked test. */
  readonly test: boolean;
  /** Visitor fields: copied onto the click's conversions, which reports group by them. */
  readonly country: string | null;
  readonly device: string | null;
  readonly os: string | null;
  readonly browser: string | null;
}

export interface OfferTerms {
  readonly id: string;
  readonly payoutMode: PayoutMode;
  /** Decimal string. */
  readonly payoutAmount: string;
  readonly payoutCurrency: string;
  readonly attributionWindowMs: number;
}

export interface NetworkPolicy {
  readonly id: string;
  readonly allowlist: IpAllowlist;
  readonly acceptDuplicatePostbacks: boolean;
  /** Normalized (lower-case keys): the network's status values beyond the built-in synonyms. */
  readonly statusMap: StatusMap;
}

/** (click ID, event type, dedupe key): the identity of a conversion (CONTRACT §5.4). */
export type ConversionIdentityKey = ConversionIdentity;

/** A stored conversion at one revision (always set by a postback). */
export type ConversionState = StoredConversion;

/** A conversion as a postback would create it. */
export interface ConversionDraft extends Omit<ConversionState, 'id' | 'revision'> {
  /** The payout came from the postback (offer mode auto): a status change then takes it too. */
  readonly payoutFromPostback: boolean;
}

export const REJECTION_REASONS = [
  'click-not-found',
  'ip-not-allowed',
  'outside-attribution-window',
  'unknown-offer',
  'invalid-status',
] as const;
export type AttributionRejectionReason = (typeof REJECTION_REASONS)[number];

export const identityKeyOf = (identity: ConversionIdentityKey): string =>
  `${identity.clickId}\u0000${identity.eventType}\u0000${identity.dedupeKey}`;
