import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { PATCH_FIELDS } from '../common/patch-fields';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import {
  AFFILIATE_NETWORK_TEMPLATES,
  type AffiliateNetworkTemplate,
  CONVERSION_STATUSES,
  type ConversionStatus,
} from '@clickledger/tracking';
import {
  IsIpOrCidr,
  IsParamName,
  IsStatusMap,
  NoControlCharacters,
  OptionalNotNull,
} from '../common/field-validators';

/** The network's macros, placed verbatim in the postback URL it is given. */
export class PostbackMacrosDto {
  @ApiPropertyOptional({ example: '#s2#', description: 'replaced by the click ID (cid)' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly clickId?: string;

  @ApiPropertyOptional({ example: '#price#' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly payout?: string;

  @ApiPropertyOptional({ example: '#tid#' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly txid?: string;

  @ApiPropertyOptional({ example: '{currency}' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly currency?: string;

  @ApiPropertyOptional({ example: '{status}' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly status?: string;

  @ApiPropertyOptional({ example: '{event_id}', description: 'replaced by the event or goal (et)' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly eventType?: string;
}

export class CreateAffiliateNetworkDto {
  @ApiProperty({ example: 'CAKE main' })
  @IsString()
  @Length(1, 255)
  @NoControlCharacters()
  readonly name!: string;

  @ApiProperty({ enum: AFFILIATE_NETWORK_TEMPLATES })
  @IsIn(AFFILIATE_NETWORK_TEMPLATES)
  readonly template!: AffiliateNetworkTemplate;

  @ApiPropertyOptional({ description: "offer URL parameter carrying the click ID; default: the template's" })
  @OptionalNotNull()
  @IsParamName()
  readonly clickIdParam?: string;

  @ApiPropertyOptional({ type: PostbackMacrosDto, description: "default: the template's macros" })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => PostbackMacrosDto)
  readonly postbackMacros?: PostbackMacrosDto;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  readonly appendClickId?: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  readonly acceptDuplicatePostbacks?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...CONVERSION_STATUSES] },
    example: { '5': 'pending' },
    description:
      "the network's own status values and what they mean, matched case-insensitively; they add to or override the built-in synonyms. Default: the template's",
  })
  @OptionalNotNull()
  @IsStatusMap()
  readonly statusMap?: Record<string, ConversionStatus>;

  @ApiPropertyOptional({ type: [String], example: ['203.0.113.7', '198.51.100.0/24'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsIpOrCidr()
  readonly allowedIps?: string[];
}

export class UpdateAffiliateNetworkDto extends PartialType(CreateAffiliateNetworkDto, PATCH_FIELDS) {}
