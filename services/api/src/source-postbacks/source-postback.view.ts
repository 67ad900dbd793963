import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  SOURCE_POSTBACK_OUTCOMES,
  type SourcePostbackAttemptEntity,
  type SourcePostbackEntity,
} from '@clickledger/persistence';
import type { Plain } from '../common/openapi-responses';

const ATTEMPT_OUTCOMES = ['delivered', 'retry', 'failed', 'expired'] as const;
const nullable = (type: StringConstructor | NumberConstructor, description?: string) => ({
  type,
  nullable: true,
  description,
});

@ApiSchema({ name: 'SourcePostbackAttemptView' })
export class SourcePostbackAttemptViewSchema {
  @ApiProperty({ example: 1 })
  readonly attempt!: number;

  @ApiProperty({ format: 'date-time' })
  readonly startedAt!: string;

  @ApiProperty()
  readonly durationMs!: number;

  @ApiProperty({ example: 'GET' })
  readonly method!: string;

  @ApiProperty()
  readonly url!: string;

  @ApiProperty(nullable(Number, 'null when no answer came'))
  readonly statusCode!: number | null;

  @ApiProperty(nullable(String, 'the first bytes of the answer'))
  readonly response!: string | null;

  @ApiProperty(nullable(String))
  readonly error!: string | null;

  @ApiProperty({ enum: ATTEMPT_OUTCOMES })
  readonly outcome!: string;
}

export type SourcePostbackAttemptView = Plain<SourcePostbackAttemptViewSchema>;

@ApiSchema({ name: 'SourcePostbackView' })
export class SourcePostbackViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly conversionId!: string;

  @ApiProperty()
  readonly revision!: number;

  @ApiProperty()
  readonly clickId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly campaignId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly trafficSourceId!: string;

  @ApiProperty({ example: 'approved' })
  readonly conversionStatus!: string;

  @ApiProperty({ example: 'GET' })
  readonly method!: string;

  @ApiProperty()
  readonly url!: string;

  @ApiProperty({ enum: SOURCE_POSTBACK_OUTCOMES })
  readonly outcome!: string;

  @ApiProperty()
  readonly attemptCount!: number;

  @ApiProperty({ ...nullable(String), format: 'date-time' })
  readonly nextAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly giveUpAt!: string;

  @ApiProperty({ ...nullable(String), format: 'date-time' })
  readonly deliveredAt!: string | null;

  @ApiProperty(nullable(Number))
  readonly lastStatusCode!: number | null;

  @ApiProperty(nullable(String))
  readonly lastError!: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;

  @ApiProperty({ type: [SourcePostbackAttemptViewSchema] })
  readonly attempts!: SourcePostbackAttemptView[];
}

export type SourcePostbackView = Plain<SourcePostbackViewSchema>;

export function toSourcePostbackView(
  row: SourcePostbackEntity,
  attempts: readonly SourcePostbackAttemptEntity[],
): SourcePostbackView {
  return {
    id: row.id,
    conversionId: row.conversionId,
    revision: row.revision,
    clickId: row.clickId,
    campaignId: row.campaignId,
    trafficSourceId: row.trafficSourceId,
    conversionStatus: row.conversionStatus,
    method: row.method,
    url: row.url,
    outcome: row.outcome,
    attemptCount: row.attempts,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    giveUpAt: row.giveUpAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      method: a.method,
      url: a.url,
      statusCode: a.statusCode,
      response: a.responseExcerpt,
      error: a.error,
      outcome: a.outcome,
    })),
  };
}
