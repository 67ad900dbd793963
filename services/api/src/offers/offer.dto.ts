import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { PATCH_FIELDS } from '../common/patch-fields';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { PAYOUT_MODES, type PayoutMode } from '@clickledger/persistence';
import {
  IsCurrency,
  IsDecimalString,
  IsOfferUrl,
  NoControlCharacters,
  OptionalNotNull,
} from '../common/field-validators';

export class PayoutDto {
  @ApiPropertyOptional({
    enum: PAYOUT_MODES,
    default: 'auto',
    description: 'auto: the postback payout when given',
  })
  @OptionalNotNull()
  @IsIn(PAYOUT_MODES)
  readonly mode?: PayoutMode;

  @ApiPropertyOptional({ example: '12.50', default: '0', description: 'decimal string' })
  @OptionalNotNull()
  @IsDecimalString()
  readonly amount?: string;

  @ApiProperty({ example: 'USD' })
  @IsCurrency()
  readonly currency!: string;
}

export class CreateOfferDto {
  @ApiProperty({ example: 'Sweepstakes US' })
  @IsString()
  @Length(1, 255)
  @NoControlCharacters()
  readonly name!: string;

  @ApiProperty({ example: 'https://network.example/o?id=7&s2={clickid}', description: 'tokens: CONTRACT §3' })
  @IsOfferUrl()
  readonly url!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  readonly affiliateNetworkId!: string;

  @ApiProperty({ type: PayoutDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PayoutDto)
  readonly payout!: PayoutDto;

  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 3650 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(3650)
  readonly attributionWindowDays?: number;
}

export class PayoutPatchDto extends PartialType(PayoutDto, PATCH_FIELDS) {}

/** Every field optional, the payout's too: `{"payout": {"amount": "15"}}` changes only the amount. */
export class UpdateOfferDto extends PartialType(OmitType(CreateOfferDto, ['payout'] as const), PATCH_FIELDS) {
  @ApiPropertyOptional({ type: PayoutPatchDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => PayoutPatchDto)
  readonly payout?: PayoutPatchDto;
}
