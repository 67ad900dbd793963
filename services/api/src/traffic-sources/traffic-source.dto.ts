import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { PATCH_FIELDS } from '../common/patch-fields';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  CONVERSION_STATUSES,
  SOURCE_POSTBACK_METHODS,
  SOURCE_POSTBACK_TOKENS,
  type ConversionStatus,
  type SourcePostbackMethod,
} from '@clickledger/tracking';
import {
  IsParamName,
  IsSourcePostbackUrl,
  NoControlCharacters,
  OptionalNotNull,
} from '../common/field-validators';

/** var1..var10 → the campaign link's query parameter that fills it. */
export class VariableParamsDto {
  @ApiPropertyOptional({ example: 'zone' })
  @OptionalNotNull()
  @IsParamName()
  readonly var1?: string;

  @ApiPropertyOptional({ example: 'campaign' })
  @OptionalNotNull()
  @IsParamName()
  readonly var2?: string;

  @ApiPropertyOptional({ example: 'creative' })
  @OptionalNotNull()
  @IsParamName()
  readonly var3?: string;

  @ApiPropertyOptional({ example: 'site' })
  @OptionalNotNull()
  @IsParamName()
  readonly var4?: string;

  @ApiPropertyOptional({ example: 'keyword' })
  @OptionalNotNull()
  @IsParamName()
  readonly var5?: string;

  @ApiPropertyOptional({ example: 'placement' })
  @OptionalNotNull()
  @IsParamName()
  readonly var6?: string;

  @ApiPropertyOptional({ example: 'device' })
  @OptionalNotNull()
  @IsParamName()
  readonly var7?: string;

  @ApiPropertyOptional({ example: 'sub8' })
  @OptionalNotNull()
  @IsParamName()
  readonly var8?: string;

  @ApiPropertyOptional({ example: 'sub9' })
  @OptionalNotNull()
  @IsParamName()
  readonly var9?: string;

  @ApiPropertyOptional({ example: 'sub10' })
  @OptionalNotNull()
  @IsParamName()
  readonly var10?: string;
}

export class CreateTrafficSourceDto {
  @ApiProperty({ example: 'PropellerAds' })
  @IsString()
  @Length(1, 255)
  @NoControlCharacters()
  readonly name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'clickid',
    description: "parameter carrying the source's own click ID",
  })
  @IsOptional()
  @IsParamName()
  readonly externalIdParam?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'cost',
    description: 'parameter carrying the cost of the click (decimal)',
  })
  @IsOptional()
  @IsParamName()
  readonly costParam?: string | null;

  @ApiPropertyOptional({ type: VariableParamsDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => VariableParamsDto)
  readonly variables?: VariableParamsDto;

  @ApiPropertyOptional({
    type: String,
    example: 'https://source.example/pb?clickid={externalid}&payout={payout}',
    description: `URL notified of each conversion in postbackStatuses (CONTRACT §9); tokens: ${SOURCE_POSTBACK_TOKENS.map((t) => `{${t}}`).join(' ')}`,
    nullable: true,
  })
  @IsOptional()
  @IsSourcePostbackUrl()
  @NoControlCharacters()
  @MaxLength(2048)
  readonly postbackUrl?: string | null;

  @ApiPropertyOptional({
    enum: SOURCE_POSTBACK_METHODS,
    default: 'GET',
    description: 'POST sends the query string as an application/x-www-form-urlencoded body',
  })
  @OptionalNotNull()
  @IsIn(SOURCE_POSTBACK_METHODS)
  readonly postbackMethod?: SourcePostbackMethod;

  @ApiPropertyOptional({
    enum: CONVERSION_STATUSES,
    isArray: true,
    default: ['approved'],
    description: 'conversion statuses the source is notified of (new conversions and status changes)',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(CONVERSION_STATUSES.length)
  @ArrayUnique()
  @IsIn(CONVERSION_STATUSES, { each: true })
  readonly postbackStatuses?: ConversionStatus[];
}

export class UpdateTrafficSourceDto extends PartialType(CreateTrafficSourceDto, PATCH_FIELDS) {}
