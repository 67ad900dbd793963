import type { AffiliateNetworkEntity } from '@clickledger/persistence';
import type { AffiliateNetworkTemplate, ConversionStatus, PostbackMacros } from '@clickledger/tracking';

export interface AffiliateNetworkView {
  readonly id: string;
  readonly name: string;
  readonly template: AffiliateNetworkTemplate;
  readonly clickIdParam: string | null;
  readonly postbackMacros: PostbackMacros;
  readonly appendClickId: boolean;
  readonly acceptDuplicatePostbacks: boolean;
  readonly allowedIps: string[];
  readonly statusMap: Readonly<Record<string, ConversionStatus>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The stored macros may lack clickId (older rows, or the persistence type): the template's applies. */
export type StoredMacros = AffiliateNetworkEntity['postbackMacros'] & { readonly clickId?: string };

export function toAffiliateNetworkView(
  row: AffiliateNetworkEntity,
  macros: PostbackMacros,
): AffiliateNetworkView {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    // Stored as '' when the network has no click-ID parameter (the column is not nullable).
    clickIdParam: row.clickIdParam === '' ? null : row.clickIdParam,
    postbackMacros: macros,
    appendClickId: row.appendClickId,
    acceptDuplicatePostbacks: row.acceptDuplicatePostbacks,
    allowedIps: row.allowedIps,
    statusMap: row.statusMap,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
