import {
  Equals,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { EventEnvelopeFields } from '../envelope';
import { COUNTRY_PATTERN, IsClickId, IsDecimalAmount } from '../validation/field-rules';
import { NestedType } from '../validation/nested-type.decorator';
import type { Plain } from '../validation/plain';
import { ClickVarsDto, ENTITY_ID_MAX_LENGTH } from './shared.dto';

export class ClickRecordedDataDto {
  @IsClickId() readonly clickId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly campaignId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly campaignKey!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly offerId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly affiliateNetworkId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly trafficSourceId!: string;
  @IsISO8601({ strict: true }) readonly clickedAt!: string;
  /** Visitor IP as seen by the click service (after trusted proxies). */
  @IsString() @MaxLength(45) readonly ip!: string;
  @IsOptional() @IsString() @MaxLength(1024) readonly userAgent?: string | null;
  @IsOptional() @IsString() @MaxLength(64) readonly device?: string | null;
  @IsOptional() @IsString() @MaxLength(64) readonly os?: string | null;
  @IsOptional() @IsString() @MaxLength(64) readonly browser?: string | null;
  /** ISO 3166-1 alpha-2, when known. */
  @IsOptional() @Matches(COUNTRY_PATTERN) readonly country?: string | null;
  /** The traffic source's own click ID (its externalIdParam). */
  @IsOptional() @IsString() @MaxLength(255) readonly externalId?: string | null;
  /** Cost of this click from the traffic source's costParam, as a decimal string. */
  @IsOptional() @IsDecimalAmount() readonly cost?: string | null;
  @NestedType(() => ClickVarsDto) readonly vars!: ClickVarsDto;
  @IsOptional() @IsString() @MaxLength(2048) readonly referrer?: string | null;
  /** A known bot or crawler by its user agent (added, optional; absent means false). */
  @IsOptional() @IsBoolean() readonly bot?: boolean;
  /** Made by the test-postback tool (added, optional; absent means false): its conversions are `test`. */
  @IsOptional() @IsBoolean() readonly test?: boolean;
}

/** Published by the click service once per redirect; key: click ID. */
export class ClickRecordedEventDto extends EventEnvelopeFields {
  @Equals('click.recorded') readonly type!: 'click.recorded';
  @Equals(1) readonly version!: 1;
  @NestedType(() => ClickRecordedDataDto) readonly data!: ClickRecordedDataDto;
}

export type ClickRecordedData = Plain<ClickRecordedDataDto>;
export type ClickRecordedEvent = Plain<ClickRecordedEventDto>;
