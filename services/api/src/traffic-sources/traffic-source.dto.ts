import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsHttpUrlTemplate, IsParamName, NoControlCharacters } from '../common/field-validators';

/** var1..var10 → the campaign link's query parameter that fills it. */
export class VariableParamsDto {
  @ApiPropertyOptional({ example: 'zone' })
  @IsOptional()
  @IsParamName()
  readonly var1?: string;

  @ApiPropertyOptional({ example: 'campaign' })
  @IsOptional()
  @IsParamName()
  readonly var2?: string;

  @ApiPropertyOptional({ example: 'creative' })
  @IsOptional()
  @IsParamName()
  readonly var3?: string;

  @ApiPropertyOptional({ example: 'site' })
  @IsOptional()
  @IsParamName()
  readonly var4?: string;

  @ApiPropertyOptional({ example: 'keyword' })
  @IsOptional()
  @IsParamName()
  readonly var5?: string;

  @ApiPropertyOptional({ example: 'placement' })
  @IsOptional()
  @IsParamName()
  readonly var6?: string;

  @ApiPropertyOptional({ example: 'device' })
  @IsOptional()
  @IsParamName()
  readonly var7?: string;

  @ApiPropertyOptional({ example: 'sub8' })
  @IsOptional()
  @IsParamName()
  readonly var8?: string;

  @ApiPropertyOptional({ example: 'sub9' })
  @IsOptional()
  @IsParamName()
  readonly var9?: string;

  @ApiPropertyOptional({ example: 'sub10' })
  @IsOptional()
  @IsParamName()
  readonly var10?: string;
}

export class CreateTrafficSourceDto {
  @ApiProperty({ example: 'PropellerAds' })
  @IsString()
  @Length(1, 255)
  @NoControlCharacters()
  readonly name!: string;

  @ApiPropertyOptional({ example: 'clickid', description: "parameter carrying the source's own click ID" })
  @IsOptional()
  @IsParamName()
  readonly externalIdParam?: string | null;

  @ApiPropertyOptional({ example: 'cost', description: 'parameter carrying the cost of the click (decimal)' })
  @IsOptional()
  @IsParamName()
  readonly costParam?: string | null;

  @ApiPropertyOptional({ type: VariableParamsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VariableParamsDto)
  readonly variables?: VariableParamsDto;

  @ApiPropertyOptional({ example: 'https://source.example/pb?clickid={externalid}&payout={payout}' })
  @IsOptional()
  @IsHttpUrlTemplate()
  @NoControlCharacters()
  @MaxLength(2048)
  readonly postbackUrl?: string | null;
}

export class UpdateTrafficSourceDto extends PartialType(CreateTrafficSourceDto) {}
