import type { ClickEntity, VariableValues } from '@clickledger/persistence';
import { canonicalAmount } from '../offers/offer.view';

export interface ClickView {
  readonly clickId: string;
  readonly clickedAt: string;
  readonly campaignId: string;
  readonly offerId: string;
  readonly affiliateNetworkId: string;
  readonly trafficSourceId: string;
  readonly externalId: string | null;
  readonly cost: string | null;
  readonly vars: VariableValues;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly device: string | null;
  readonly os: string | null;
  readonly browser: string | null;
  readonly country: string | null;
  /** A known bot or crawler by its user agent. */
  readonly bot: boolean;
  /** Made by the test-postback tool. */
  readonly test: boolean;
}

export function toClickView(row: ClickEntity): ClickView {
  return {
    clickId: row.clickId,
    clickedAt: row.clickedAt.toISOString(),
    campaignId: row.campaignId,
    offerId: row.offerId,
    affiliateNetworkId: row.affiliateNetworkId,
    trafficSourceId: row.trafficSourceId,
    externalId: row.externalId,
    cost: row.cost === null ? null : canonicalAmount(row.cost),
    vars: row.vars,
    ip: row.ip,
    userAgent: row.userAgent,
    device: row.device,
    os: row.os,
    browser: row.browser,
    country: row.country,
    bot: row.bot,
    test: row.test,
  };
}
