import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { TrafficSourceEntity, VariableParams } from '@clickledger/persistence';
import { CONVERSION_STATUSES, SOURCE_POSTBACK_METHODS } from '@clickledger/tracking';
import { VARIABLES_SCHEMA, type Plain } from '../common/openapi-responses';

@ApiSchema({ name: 'TrafficSourceView' })
export class TrafficSourceViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'clickid' })
  readonly externalIdParam!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'cost' })
  readonly costParam!: string | null;

  @ApiProperty({ ...VARIABLES_SCHEMA, description: 'var1..var10 → the link parameter that fills it' })
  readonly variables!: VariableParams;

  @ApiProperty({ type: String, nullable: true, example: 'https://source.example/pb?clickid={externalid}' })
  readonly postbackUrl!: string | null;

  @ApiProperty({ enum: SOURCE_POSTBACK_METHODS })
  readonly postbackMethod!: string;

  @ApiProperty({ enum: CONVERSION_STATUSES, isArray: true })
  readonly postbackStatuses!: string[];

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

export type TrafficSourceView = Plain<TrafficSourceViewSchema>;

export function toTrafficSourceView(row: TrafficSourceEntity): TrafficSourceView {
  return {
    id: row.id,
    name: row.name,
    externalIdParam: row.externalIdParam,
    costParam: row.costParam,
    variables: row.variables,
    postbackUrl: row.postbackUrl,
    postbackMethod: row.postbackMethod,
    postbackStatuses: row.postbackStatuses,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
