import { CONVERSION_STATUSES, type ConversionStatus, MAX_STATUS_VALUE_LENGTH } from '@clickledger/tracking';
import {
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { EventEnvelopeFields } from '../envelope';
import { EVENT_TYPE_PATTERN, IsClickId } from '../validation/field-rules';
import { NestedType } from '../validation/nested-type.decorator';
import type { Plain } from '../validation/plain';
import { ClickVarsDto, ENTITY_ID_MAX_LENGTH, MoneyAmountDto } from './shared.dto';

export class ConversionAttributedDataDto {
  /** Stable across revisions of the same conversion. */
  @IsUUID() readonly conversionId!: string;
  /** 1 for a new conversion, +1 per status change; consumers dedupe by (conversionId, revision). */
  @IsInt() @Min(1) readonly revision!: number;
  @IsClickId() readonly clickId!: string;
  @Matches(EVENT_TYPE_PATTERN) readonly eventType!: string;
  /** null when the postback had no txid. */
  @IsOptional() @IsString() @MaxLength(255) readonly txid?: string | null;
  @IsIn(CONVERSION_STATUSES) readonly status!: ConversionStatus;
  @NestedType(() => MoneyAmountDto) readonly payout!: MoneyAmountDto;
  @IsISO8601({ strict: true }) readonly convertedAt!: string;
  @IsISO8601({ strict: true }) readonly clickedAt!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly campaignId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly offerId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly affiliateNetworkId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly trafficSourceId!: string;
  @IsOptional() @IsString() @MaxLength(255) readonly externalId?: string | null;
  @NestedType(() => ClickVarsDto) readonly vars!: ClickVarsDto;
  /** The network's own status value behind `status` (e.g. Affise `5`, Impact `REVERSED`); added, optional. */
  @IsOptional() @IsString() @MaxLength(MAX_STATUS_VALUE_LENGTH) readonly originalStatus?: string | null;
  /** Made by the test-postback tool (added, optional; absent means false). */
  @IsOptional() @IsBoolean() readonly test?: boolean;
}

/** Published by attribution for each new conversion or status change; key: click ID. */
export class ConversionAttributedEventDto extends EventEnvelopeFields {
  @Equals('conversion.attributed') readonly type!: 'conversion.attributed';
  @Equals(1) readonly version!: 1;
  @NestedType(() => ConversionAttributedDataDto) readonly data!: ConversionAttributedDataDto;
}

export type ConversionAttributedData = Plain<ConversionAttributedDataDto>;
export type ConversionAttributedEvent = Plain<ConversionAttributedEventDto>;

/**
 * The key consumers dedupe `conversions.attributed.v1` by: events are delivered at least once, and
 * every copy of one (conversionId, revision) is the same event.
 */
export function conversionEventDedupeKey(data: ConversionEventIdentity): string {
  return `${data.conversionId}#${String(data.revision)}`;
}

export interface ConversionEventIdentity {
  readonly conversionId: string;
  readonly revision: number;
}

/** The first copy of each conversion event, in order: what an idempotent consumer applies. */
export function dedupeConversionEvents<T>(
  items: readonly T[],
  identityOf: (item: T) => ConversionEventIdentity,
): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = conversionEventDedupeKey(identityOf(item));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
