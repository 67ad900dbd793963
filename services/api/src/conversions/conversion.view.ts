import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  CONVERSION_STATUSES,
  type ConversionEntity,
  type ConversionStatus,
  type VariableValues,
} from '@clickledger/persistence';
import { VARIABLES_SCHEMA, type Plain } from '../common/openapi-responses';
import { canonicalAmount, MoneyView, MoneyViewSchema } from '../offers/offer.view';

@ApiSchema({ name: 'ConversionView' })
export class ConversionViewSchema {
  @ApiProperty({ format: 'uuid', description: 'stable across revisions' })
  readonly id!: string;

  @ApiProperty({ example: 1, description: 'grows by one at each status change' })
  readonly revision!: number;

  @ApiProperty()
  readonly clickId!: string;

  @ApiProperty({ example: 'conversion' })
  readonly eventType!: string;

  @ApiProperty({ type: String, nullable: true })
  readonly txid!: string | null;

  @ApiProperty({ enum: CONVERSION_STATUSES })
  readonly status!: ConversionStatus;

  @ApiProperty({ type: String, nullable: true, description: "the network's own status value behind status" })
  readonly originalStatus!: string | null;

  @ApiProperty({ description: 'made by the test-postback tool' })
  readonly test!: boolean;

  @ApiProperty({ type: MoneyViewSchema })
  readonly payout!: MoneyView;

  @ApiProperty({ format: 'date-time' })
  readonly convertedAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly clickedAt!: string;

  @ApiProperty({ format: 'uuid' })
  readonly campaignId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly offerId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly affiliateNetworkId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly trafficSourceId!: string;

  @ApiProperty({ type: String, nullable: true })
  readonly externalId!: string | null;

  @ApiProperty(VARIABLES_SCHEMA)
  readonly vars!: VariableValues;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the postback-log entry' })
  readonly postbackId!: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

export type ConversionView = Plain<ConversionViewSchema>;

export function toConversionView(row: ConversionEntity): ConversionView {
  return {
    id: row.id,
    revision: row.revision,
    clickId: row.clickId,
    eventType: row.eventType,
    txid: row.txid,
    status: row.status,
    originalStatus: row.originalStatus,
    test: row.test,
    payout: { amount: canonicalAmount(row.payoutAmount), currency: row.payoutCurrency },
    convertedAt: row.convertedAt.toISOString(),
    clickedAt: row.clickedAt.toISOString(),
    campaignId: row.campaignId,
    offerId: row.offerId,
    affiliateNetworkId: row.affiliateNetworkId,
    trafficSourceId: row.trafficSourceId,
    externalId: row.externalId,
    vars: row.vars,
    postbackId: row.postbackId,
    updatedAt: row.updatedAt.toISOString(),
  };
}
