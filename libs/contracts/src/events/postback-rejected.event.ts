import { INGRESS_REJECTION_REASONS, type IngressRejectionReason } from '@clickledger/tracking';
import {
  ArrayMaxSize,
  IsArray,
  Equals,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { EventEnvelopeFields } from '../envelope';
import { IsClickId, IsStringRecord } from '../validation/field-rules';
import { NestedType } from '../validation/nested-type.decorator';
import type { Plain } from '../validation/plain';
import { MAX_RAW_PARAM_LENGTH, MAX_RAW_PARAMS } from './postback-received.event';
import { POSTBACK_FIELDS, PostbackWarningDataDto } from './shared.dto';

export class PostbackRejectedDataDto {
  @IsUUID() readonly postbackId!: string;
  /** The verified click ID when the rejection concerns another field; null otherwise. */
  @IsOptional() @IsClickId() readonly clickId?: string | null;
  @IsStringRecord(MAX_RAW_PARAMS, MAX_RAW_PARAM_LENGTH) readonly params!: Record<string, string>;
  @IsIn(INGRESS_REJECTION_REASONS) readonly reason!: IngressRejectionReason;
  @IsString() @MaxLength(500) readonly message!: string;
  @IsOptional() @IsIn(POSTBACK_FIELDS) readonly field?: (typeof POSTBACK_FIELDS)[number] | null;
  @IsString() @MaxLength(45) readonly sourceIp!: string;
  @IsISO8601({ strict: true }) readonly receivedAt!: string;
  @IsArray()
  @ArrayMaxSize(8)
  @NestedType(() => PostbackWarningDataDto, { each: true })
  readonly warnings!: PostbackWarningDataDto[];
}

/** Published by the ingress for each rejected postback (400), for the postback log; key: click ID or none. */
export class PostbackRejectedEventDto extends EventEnvelopeFields {
  @Equals('postback.rejected') readonly type!: 'postback.rejected';
  @Equals(1) readonly version!: 1;
  @NestedType(() => PostbackRejectedDataDto) readonly data!: PostbackRejectedDataDto;
}

export type PostbackRejectedData = Plain<PostbackRejectedDataDto>;
export type PostbackRejectedEvent = Plain<PostbackRejectedEventDto>;
