import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { PATCH_FIELDS } from '../common/patch-fields';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsSourcePostbackUrl, NoControlCharacters, OptionalNotNull } from '../common/field-validators';

export const CAMPAIGN_WRITE_STATUSES = ['active', 'paused', 'archived'] as const;
export type CampaignWriteStatus = (typeof CAMPAIGN_WRITE_STATUSES)[number];

export class CampaignOfferDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  readonly offerId!: string;

  @ApiProperty({ minimum: 1, maximum: 10_000, example: 100, description: 'share = weight / sum of weights' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  readonly weight!: number;
}

/** Each offer at most once in a rotation. */
const UniqueOfferIds = (): PropertyDecorator =>
  ValidateBy({
    name: 'uniqueOfferIds',
    validator: {
      validate: (value: unknown) => {
        if (!Array.isArray(value)) return true;
        const ids = value.map((entry: unknown) => (entry as { offerId?: unknown } | null)?.offerId);
        return new Set(ids).size === ids.length;
      },
      defaultMessage: () => '$property must not list the same offer twice',
    },
  });

export class CreateCampaignDto {
  @ApiProperty({ example: 'Push US sweeps' })
  @IsString()
  @Length(1, 255)
  @NoControlCharacters()
  readonly name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  readonly trafficSourceId!: string;

  @ApiProperty({ type: [CampaignOfferDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @UniqueOfferIds()
  @ValidateNested({ each: true })
  @Type(() => CampaignOfferDto)
  readonly offers!: CampaignOfferDto[];

  @ApiPropertyOptional({
    enum: CAMPAIGN_WRITE_STATUSES,
    default: 'active',
    description: 'paused and archived campaigns answer 404 on their link',
  })
  @OptionalNotNull()
  @IsIn(CAMPAIGN_WRITE_STATUSES)
  readonly status?: CampaignWriteStatus;

  @ApiPropertyOptional({
    type: String,
    example: 'https://source.example/pb?clickid={externalid}&payout={payout}',
    description:
      "overrides the traffic source's postbackUrl for this campaign (same tokens); null removes it",
    nullable: true,
  })
  @IsOptional()
  @IsSourcePostbackUrl()
  @MaxLength(2048)
  readonly postbackUrl?: string | null;
}

export class UpdateCampaignDto extends PartialType(CreateCampaignDto, PATCH_FIELDS) {}
