import type { Plain } from '../validation/plain';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount } from '../validation/field-rules';

/** Custom click variables var1..var10, as captured from the campaign link. */
export class ClickVarsDto {
  @IsOptional() @IsString() @MaxLength(255) readonly var1?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var2?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var3?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var4?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var5?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var6?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var7?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var8?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var9?: string | null;
  @IsOptional() @IsString() @MaxLength(255) readonly var10?: string | null;
}

/** An exact amount: decimal string and ISO 4217 code. */
export class MoneyAmountDto {
  @IsDecimalAmount()
  readonly amount!: string;

  @IsCurrencyCode()
  readonly currency!: string;
}

export const POSTBACK_FIELDS = ['cid', 'payout', 'txid', 'et', 'currency', 'status'] as const;

/** A placeholder left in an optional postback field; the value was treated as absent. */
export class PostbackWarningDataDto {
  @IsIn(POSTBACK_FIELDS)
  readonly field!: (typeof POSTBACK_FIELDS)[number];

  @Matches(/^unsubstituted-macro$/)
  readonly code!: 'unsubstituted-macro';

  @IsString()
  @MaxLength(80)
  readonly macro!: string;
}

/** Ids of catalog entities (strings, whatever the store uses). */
export const ENTITY_ID_MAX_LENGTH = 64;

export type ClickVars = Plain<ClickVarsDto>;
export type MoneyAmount = Plain<MoneyAmountDto>;
export type PostbackWarningData = Plain<PostbackWarningDataDto>;
