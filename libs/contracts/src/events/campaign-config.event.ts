import {
  ArrayMaxSize,
  IsArray,
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { EventEnvelopeFields } from '../envelope';
import { IsCurrencyCode } from '../validation/field-rules';
import { NestedType } from '../validation/nested-type.decorator';
import type { Plain } from '../validation/plain';
import { ENTITY_ID_MAX_LENGTH } from './shared.dto';

export const CAMPAIGN_STATUSES = ['active', 'paused'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Which query parameter of the campaign link fills each custom variable. */
export class VariableParamsDto {
  @IsOptional() @IsString() @Length(1, 64) readonly var1?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var2?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var3?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var4?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var5?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var6?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var7?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var8?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var9?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly var10?: string | null;
}

export class TrafficSourceConfigDto {
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly id!: string;
  @IsOptional() @IsString() @Length(1, 64) readonly externalIdParam?: string | null;
  @IsOptional() @IsString() @Length(1, 64) readonly costParam?: string | null;
  @NestedType(() => VariableParamsDto) readonly variables!: VariableParamsDto;
}

export class CampaignOfferConfigDto {
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly offerId!: string;
  /** Relative weight in the rotation. */
  @IsInt() @Min(1) @Max(10_000) readonly weight!: number;
  /** Offer URL template; the click service compiles it with compileOfferUrl at load time. */
  @IsString() @Length(1, 4096) readonly url!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly affiliateNetworkId!: string;
  @IsOptional() @IsString() @Length(1, 64) readonly clickIdParam?: string | null;
  @IsBoolean() readonly appendClickId!: boolean;
  /** The offer's payout currency, for reports on the click side. */
  @IsOptional() @IsCurrencyCode() readonly currency?: string | null;
}

/** The resolved configuration the click service needs to redirect a campaign's link. */
export class CampaignConfigDataDto {
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly campaignId!: string;
  @IsString() @Length(1, ENTITY_ID_MAX_LENGTH) readonly campaignKey!: string;
  @IsIn(CAMPAIGN_STATUSES) readonly status!: CampaignStatus;
  @NestedType(() => TrafficSourceConfigDto) readonly trafficSource!: TrafficSourceConfigDto;
  @IsArray()
  @ArrayMaxSize(100)
  @NestedType(() => CampaignOfferConfigDto, { each: true })
  readonly offers!: CampaignOfferConfigDto[];
  @IsISO8601({ strict: true }) readonly updatedAt!: string;
}

/** Published by the API on every campaign change to the compacted topic; key: campaign key. */
export class CampaignConfigEventDto extends EventEnvelopeFields {
  @Equals('campaign.config') readonly type!: 'campaign.config';
  @Equals(1) readonly version!: 1;
  @NestedType(() => CampaignConfigDataDto) readonly data!: CampaignConfigDataDto;
}

export type VariableParams = Plain<VariableParamsDto>;
export type TrafficSourceConfig = Plain<TrafficSourceConfigDto>;
export type CampaignOfferConfig = Plain<CampaignOfferConfigDto>;
export type CampaignConfigData = Plain<CampaignConfigDataDto>;
export type CampaignConfigEvent = Plain<CampaignConfigEventDto>;
