import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { PAYOUT_MODES, type OfferEntity, type PayoutMode } from '@clickledger/persistence';
import { normalizeDecimalAmount } from '@clickledger/tracking';
import type { Plain } from '../common/openapi-responses';

/** An amount of money: a decimal string, never a float. */
@ApiSchema({ name: 'MoneyView' })
export class MoneyViewSchema {
  @ApiProperty({ example: '12.5', description: 'decimal string' })
  readonly amount!: string;

  @ApiProperty({ example: 'USD' })
  readonly currency!: string;
}

export type MoneyView = Plain<MoneyViewSchema>;

@ApiSchema({ name: 'OfferPayoutView' })
export class OfferPayoutViewSchema extends MoneyViewSchema {
  @ApiProperty({ enum: PAYOUT_MODES, description: 'auto: the postback payout when given' })
  readonly mode!: PayoutMode;
}

export type OfferPayoutView = Plain<OfferPayoutViewSchema>;

@ApiSchema({ name: 'OfferView' })
export class OfferViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ example: 'https://network.example/o?id=7&s2={clickid}' })
  readonly url!: string;

  @ApiProperty({ format: 'uuid' })
  readonly affiliateNetworkId!: string;

  @ApiProperty({ type: OfferPayoutViewSchema })
  readonly payout!: OfferPayoutView;

  @ApiProperty({ example: 30 })
  readonly attributionWindowDays!: number;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

export type OfferView = Plain<OfferViewSchema>;

/** Money leaves as a canonical decimal string: `12.5`, not Postgres's `12.500000`. */
export const canonicalAmount = (amount: string): string => normalizeDecimalAmount(amount) ?? amount;

export function toOfferView(row: OfferEntity): OfferView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    affiliateNetworkId: row.affiliateNetworkId,
    payout: { mode: row.payoutMode, amount: canonicalAmount(row.payoutAmount), currency: row.payoutCurrency },
    attributionWindowDays: row.attributionWindowDays,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
