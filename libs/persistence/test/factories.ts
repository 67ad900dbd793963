import { randomBytes, randomUUID } from 'node:crypto';
import type { NewClick, NewConversion, NewPostbackLogEntry, StoredConversion } from '../src';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A click ID shaped like the real ones (26 Crockford base32 characters, the first 10 encoding
 * the time in ms). The tag is random here: persistence never verifies it.
 */
export function fakeClickId(at: Date): string {
  let time = '';
  let ms = at.getTime();
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD.charAt(ms % 32) + time;
    ms = Math.floor(ms / 32);
  }
  let rest = '';
  for (const byte of randomBytes(16)) rest += CROCKFORD.charAt(byte % 32);
  return time + rest;
}

export function clickAt(at: Date, overrides: Partial<NewClick> = {}): NewClick {
  return {
    clickId: fakeClickId(at),
    clickedAt: at,
    campaignId: randomUUID(),
    offerId: randomUUID(),
    affiliateNetworkId: randomUUID(),
    trafficSourceId: randomUUID(),
    externalId: `ext-${randomBytes(3).toString('hex')}`,
    cost: '0.012500',
    vars: { var1: 'zone-42' },
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    device: 'mobile',
    os: 'Android',
    browser: 'Chrome',
    country: 'DE',
    ...overrides,
  };
}

export function conversionFor(click: NewClick, overrides: Partial<NewConversion> = {}): NewConversion {
  return {
    clickId: click.clickId,
    eventType: 'conversion',
    txid: null,
    dedupeKey: '',
    status: 'approved',
    payoutAmount: '12.500000',
    payoutCurrency: 'USD',
    convertedAt: new Date(click.clickedAt.getTime() + 60_000),
    clickedAt: click.clickedAt,
    campaignId: click.campaignId,
    offerId: click.offerId,
    affiliateNetworkId: click.affiliateNetworkId,
    trafficSourceId: click.trafficSourceId,
    externalId: click.externalId ?? null,
    vars: click.vars ?? {},
    postbackId: randomUUID(),
    country: click.country ?? null,
    device: click.device ?? null,
    os: click.os ?? null,
    browser: click.browser ?? null,
    ...overrides,
  };
}

/** A new conversion as the attribution writes it (ConversionRepository.writeBatch). */
export function storedConversion(
  click: NewClick,
  overrides: Partial<StoredConversion> = {},
): StoredConversion {
  return {
    ...conversionFor(click),
    id: randomUUID(),
    revision: 1,
    postbackId: randomUUID(),
    originalStatus: null,
    ...overrides,
  };
}

export function postbackLogEntry(overrides: Partial<NewPostbackLogEntry> = {}): NewPostbackLogEntry {
  return {
    id: randomUUID(),
    receivedAt: new Date(),
    clickId: fakeClickId(new Date()),
    outcome: 'accepted',
    reason: null,
    message: null,
    warnings: [],
    params: { cid: 'x', payout: '1.00' },
    sourceIp: '198.51.100.4',
    conversionId: null,
    ...overrides,
  };
}

/** Walks every page of a keyset-paged list. */
export async function allPages<T>(
  list: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await list(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}
