import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** `POST /api/test-postbacks`: what the simulated network sends; absent values stay absent. */
export class TestPostbackDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  readonly campaignId!: string;

  @ApiPropertyOptional({ example: '12.50' })
  @IsOptional()
  @Matches(/^-?\d{1,12}([.,]\d{1,6})?$/, { message: 'must be a decimal amount' })
  readonly payout?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  readonly txid?: string;

  @ApiPropertyOptional({ example: 'approved' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly status?: string;

  @ApiPropertyOptional({ example: 'lead' })
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,32}$/, { message: 'must match [a-z0-9_-]{1,32}' })
  readonly et?: string;
}
