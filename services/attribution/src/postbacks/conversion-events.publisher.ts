import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TOPICS, type ConversionAttributedData } from '@clickledger/contracts';
import { EventPublisher } from '@clickledger/platform-kafka';
import { isoInstant, normalizeDecimalAmount } from '@clickledger/tracking';
import type { ConversionState } from '../core/attribution.types';

const TOPIC = TOPICS.conversionsAttributed.name;

export interface ConversionEventToPublish {
  readonly conversion: ConversionState;
  readonly correlationId?: string;
}

/** Same (conversionId, revision), same event id: a re-published event is recognizably the same. */
export function conversionEventId(conversionId: string, revision: number): string {
  const hex = createHash('sha256')
    .update(`${conversionId}/${String(revision)}`)
    .digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
