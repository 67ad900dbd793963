import { CONVERSION_STATUSES, type ConversionStatus, MAX_STATUS_VALUE_LENGTH } from '@clickledger/tracking';
import {
  ArrayMaxSize,
  IsArray,
  Equals,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { EventEnvelopeFields } from '../envelope';
import {
  EVENT_TYPE_PATTERN,
  IsClickId,
  IsCurrencyCode,
  IsDecimalAmount,
  IsStringRecord,
} from '../validation/field-rules';
import { NestedType } from '../validation/nested-type.decorator';
import type { Plain } from '../validation/plain';
import { PostbackWarningDataDto } from './shared.dto';

export const POSTBACK_ORIGINS = ['upload'] as const;
export type PostbackOrigin = (typeof POSTBACK_ORIGINS)[number];

/** Raw parameters are kept for the postback log, bounded so one request cannot bloat the topic. */
export const MAX_RAW_PARAMS = 32;
export const MAX_RAW_PARAM_LENGTH = 1024;

export class PostbackReceivedDataDto {
  @IsUUID() readonly postbackId!: string;
  @IsClickId() readonly clickId!: string;
  /** Read from the click ID itself. */
  @IsISO8601({ strict: true }) readonly clickedAt!: string;
  @IsStringRecord(MAX_RAW_PARAMS, MAX_RAW_PARAM_LENGTH) readonly params!: Record<string, string>;
  @IsOptional() @IsDecimalAmount() readonly payout?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly txid?: string | null;
  @Matches(EVENT_TYPE_PATTERN) readonly eventType!: string;
  @IsOptional() @IsCurrencyCode() readonly currency?: string | null;
  /**
   * The built-in meaning of the network's status value; null when only the click's network (its
   * statusMap, known to attribution) can tell, e.g. Affise's `5`. Attribution maps originalStatus
   * when present, so a network's statusMap can also override a built-in meaning.
   */
  @IsOptional() @IsIn(CONVERSION_STATUSES) readonly status?: ConversionStatus | null;
  /** The network's own status value as sent, when it sent one (added in place: optional). */
  @IsOptional() @IsString() @MaxLength(MAX_STATUS_VALUE_LENGTH) readonly originalStatus?: string | null;
  @IsString() @MaxLength(45) readonly sourceIp!: string;
  @IsISO8601({ strict: true }) readonly receivedAt!: string;
  @IsArray()
  @ArrayMaxSize(8)
  @NestedType(() => PostbackWarningDataDto, { each: true })
  readonly warnings!: PostbackWarningDataDto[];
  /**
   * Where it came from when not a network's request (added, optional): `upload` for a row of
   * `POST /api/conversions/upload`, authenticated by the API token, so the network's IP allowlist
   * (which names the network's servers) does not apply to it.
   */
  @IsOptional() @IsIn(POSTBACK_ORIGINS) readonly origin?: PostbackOrigin | null;
}

/** Published by the ingress for each accepted postback; key: click ID. */
export class PostbackReceivedEventDto extends EventEnvelopeFields {
  @Equals('postback.received') readonly type!: 'postback.received';
  @Equals(1) readonly version!: 1;
  @NestedType(() => PostbackReceivedDataDto) readonly data!: PostbackReceivedDataDto;
}

export type PostbackReceivedData = Plain<PostbackReceivedDataDto>;
export type PostbackReceivedEvent = Plain<PostbackReceivedEventDto>;
