import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsUUID, ValidateBy, type ValidationOptions } from 'class-validator';
import { IsCurrency, IsDecimalString } from '../common/field-validators';
import type { Plain } from '../common/openapi-responses';

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00(?::00(?:\.0{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An instant with an offset on a whole UTC hour: costs spread over hourly click rollups. */
export function parseCostTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !HOUR.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.getTime() % 3_600_000 !== 0 ? null : date;
}

const IsCostTime = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCostTime',
      validator: {
        validate: (value: unknown) => parseCostTime(value) !== null,
        defaultMessage: () =>
          '$property must be an ISO 8601 date-time with an offset on a whole UTC hour, e.g. 2026-11-01T00:00:00Z',
      },
    },
    options,
  );

const IsAfterFrom = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isAfterFrom',
      validator: {
        validate: (value: unknown, args) => {
          const from = parseCostTime((args?.object as { from?: unknown } | undefined)?.from);
          const to = parseCostTime(value);
          return from === null || to === null || to > from;
        },
        defaultMessage: () => '$property must be after from',
      },
    },
    options,
  );

/** `POST /api/costs`: what a campaign cost over [from, to), for sources that cannot pass cost per click. */
export class CreateCostDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  readonly campaignId!: string;

  @ApiProperty({ example: '2026-11-01T00:00:00Z', description: 'inclusive, on a whole UTC hour' })
  @IsCostTime()
  readonly from!: string;

  @ApiProperty({ example: '2026-11-02T00:00:00Z', description: 'exclusive, on a whole UTC hour' })
  @IsCostTime()
  @IsAfterFrom()
  readonly to!: string;

  @ApiProperty({ example: '150.00', description: 'decimal string, not negative' })
  @IsDecimalString()
  @ValidateBy({
    name: 'isNotNegative',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !value.trim().startsWith('-'),
      defaultMessage: () => '$property must not be negative',
    },
  })
  readonly amount!: string;

  @ApiProperty({ example: 'USD', description: 'converted at the rate of the UTC day the range starts' })
  @IsCurrency()
  readonly currency!: string;
}

@ApiSchema({ name: 'CostView' })
export class CostViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly campaignId!: string;

  @ApiProperty({ format: 'date-time' })
  readonly from!: string;

  @ApiProperty({ format: 'date-time' })
  readonly to!: string;

  @ApiProperty({ example: '150', description: 'decimal string' })
  readonly amount!: string;

  @ApiProperty({ example: 'USD' })
  readonly currency!: string;
}

export type CostView = Plain<CostViewSchema>;
