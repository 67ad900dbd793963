import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import {
  AFFILIATE_NETWORK_TEMPLATES,
  type AffiliateNetworkTemplate,
  CONVERSION_STATUSES,
  type ConversionStatus,
} from '@clickledger/tracking';
import { IsIpOrCidr, IsParamName, IsStatusMap, NoControlCharacters } from '../common/field-validators';

/** The network's macros, placed verbatim in the postback URL it is given. */
export class PostbackMacrosDto {
  @ApiPropertyOptional({ example: '#s2#', description: 'replaced by the click ID (cid)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly clickId?: string;

  @ApiPropertyOptional({ example: '#price#' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly payout?: string;

  @ApiPropertyOptional({ example: '#tid#' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly txid?: string;

  @ApiPropertyOptional({ example: '{currency}' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly currency?: string;

  @ApiPropertyOptional({ example: '{status}' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  readonly status?: string;

  @ApiPropertyOptional({ example: '{event_id}', description: 'replaced by the event or goal (et)' })
  @IsOptional()
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
  @IsOptional()
  @IsParamName()
  readonly clickIdParam?: string;

  @ApiPropertyOptional({ type: PostbackMacrosDto, description: "default: the template's macros" })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostbackMacrosDto)
  readonly postbackMacros?: PostbackMacrosDto;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  readonly appendClickId?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  readonly acceptDuplicatePostbacks?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...CONVERSION_STATUSES] },
    example: { '5': 'pending' },
    description:
      "the network's own status values and what they mean, matched case-insensitively; they add to or override the built-in synonyms. Default: the template's",
  })
  @IsOptional()
  @IsStatusMap()
  readonly statusMap?: Record<string, ConversionStatus>;

  @ApiPropertyOptional({ type: [String], example: ['203.0.113.7', '198.51.100.0/24'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsIpOrCidr()
  readonly allowedIps?: string[];
}

export class UpdateAffiliateNetworkDto extends PartialType(CreateAffiliateNetworkDto) {}
