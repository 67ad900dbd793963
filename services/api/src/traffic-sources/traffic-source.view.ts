import type { TrafficSourceEntity, VariableParams } from '@clickledger/persistence';

export interface TrafficSourceView {
  readonly id: string;
  readonly name: string;
  readonly externalIdParam: string | null;
  readonly costParam: string | null;
  readonly variables: VariableParams;
  readonly postbackUrl: string | null;
  readonly postbackMethod: string;
  readonly postbackStatuses: string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

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
