import { Injectable } from '@nestjs/common';
import { TOPICS, type ConversionAttributedData } from '@clickledger/contracts';
import { EventPublisher } from '@clickledger/platform-kafka';
import { isoInstant, normalizeDecimalAmount, sha256OfText, uuidText } from '@clickledger/tracking';
import type { ConversionState } from '../core/attribution.types';

const TOPIC = TOPICS.conversionsAttributed.name;

export interface ConversionEventToPublish {
  readonly conversion: ConversionState;
  readonly correlationId?: string;
}

const EVENT_ID_DIGEST = new Uint8Array(32);

/** Same (conversionId, revision), same event id: a re-published event is recognizably the same. */
export function conversionEventId(conversionId: string, revision: number): string {
  // SHA-256 in JavaScript: node:crypto took 1.5–3 µs per event for this one block.
  const digest = sha256OfText(`${conversionId}/${String(revision)}`, EVENT_ID_DIGEST);
  digest[6] = (digest[6] & 0x0f) | 0x50; // version 5 (name-based)
  digest[8] = (digest[8] & 0x3f) | 0x80; // variant 10
  return uuidText(digest);
}

export function conversionEventData(conversion: ConversionState): ConversionAttributedData {
  return {
    conversionId: conversion.id,
    revision: conversion.revision,
    clickId: conversion.clickId,
    eventType: conversion.eventType,
    txid: conversion.txid,
    status: conversion.status,
    payout: {
      amount: normalizeDecimalAmount(conversion.payoutAmount) ?? conversion.payoutAmount,
      currency: conversion.payoutCurrency,
    },
    convertedAt: isoInstant(conversion.convertedAt.getTime()),
    clickedAt: isoInstant(conversion.clickedAt.getTime()),
    campaignId: conversion.campaignId,
    offerId: conversion.offerId,
    affiliateNetworkId: conversion.affiliateNetworkId,
    trafficSourceId: conversion.trafficSourceId,
    externalId: conversion.externalId,
    vars: conversion.vars,
    ...(conversion.originalStatus !== null && { originalStatus: conversion.originalStatus }),
    ...(conversion.test === true && { test: true }),
  };
}

/** `conversions.attributed.v1`, keyed by click ID; resolves once every event is durable. */
@Injectable()
export class ConversionEventsPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(events: readonly ConversionEventToPublish[]): Promise<void> {
    await Promise.all(
      events.map(({ conversion, correlationId }) =>
        this.publisher.publish(TOPIC, conversionEventData(conversion), {
          id: conversionEventId(conversion.id, conversion.revision),
          // Each event carries its own postback's id, not the batch's.
          correlationId: correlationId ?? null,
        }),
      ),
    );
  }
}
