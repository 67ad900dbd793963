import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ClickEntity, VariableValues } from '@clickledger/persistence';
import { VARIABLES_SCHEMA, type Plain } from '../common/openapi-responses';
import { canonicalAmount } from '../offers/offer.view';

const nullableString = (example?: string) => ({ type: String, nullable: true, example });

@ApiSchema({ name: 'ClickView' })
export class ClickViewSchema {
  @ApiProperty({ example: '01JD3Q4Z8X9C2V7B5N6M4K3J2H' })
  readonly clickId!: string;

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

  @ApiProperty(nullableString())
  readonly externalId!: string | null;

  @ApiProperty({ ...nullableString('0.002'), description: 'decimal string' })
  readonly cost!: string | null;

  @ApiProperty({ ...VARIABLES_SCHEMA, example: { var1: '42' } })
  readonly vars!: VariableValues;

  @ApiProperty(nullableString('203.0.113.7'))
  readonly ip!: string | null;

  @ApiProperty(nullableString())
  readonly userAgent!: string | null;

  @ApiProperty(nullableString('mobile'))
  readonly device!: string | null;

  @ApiProperty(nullableString('Android'))
  readonly os!: string | null;

  @ApiProperty(nullableString('Chrome'))
  readonly browser!: string | null;

  @ApiProperty(nullableString('US'))
  readonly country!: string | null;

  @ApiProperty({ description: 'a known bot or crawler by its user agent' })
  readonly bot!: boolean;

  @ApiProperty({ description: 'made by the test-postback tool' })
  readonly test!: boolean;
}

export type ClickView = Plain<ClickViewSchema>;

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
