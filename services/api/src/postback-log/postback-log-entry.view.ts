import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  CONVERSION_STATUSES,
  POSTBACK_OUTCOMES,
  type ConversionStatus,
  type PostbackLogEntryEntity,
  type PostbackOutcome,
} from '@clickledger/persistence';
import type { Plain } from '../common/openapi-responses';

@ApiSchema({ name: 'PostbackWarningView' })
export class PostbackWarningViewSchema {
  @ApiProperty({ example: 'placeholder-ignored' })
  readonly code!: string;

  @ApiProperty()
  readonly message!: string;
}

export type PostbackWarningView = Plain<PostbackWarningViewSchema>;

/** What a user sees of a postback: never the internal pending event. */
@ApiSchema({ name: 'PostbackLogEntryView' })
export class PostbackLogEntryViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'date-time' })
  readonly receivedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  readonly clickId!: string | null;

  @ApiProperty({ enum: POSTBACK_OUTCOMES })
  readonly outcome!: PostbackOutcome;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'click-not-found',
    description: 'why, as a stable code',
  })
  readonly reason!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'why, in words' })
  readonly message!: string | null;

  @ApiProperty({ type: [PostbackWarningViewSchema] })
  readonly warnings!: PostbackWarningView[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'the parameters as received',
    example: { cid: '01JD3Q4Z8X9C2V7B5N6M4K3J2H', payout: '12.50' },
  })
  readonly params!: Record<string, string>;

  @ApiProperty({ type: String, nullable: true })
  readonly sourceIp!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  readonly conversionId!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'the conversion revision this postback produced',
  })
  readonly revision!: number | null;

  @ApiProperty({ enum: CONVERSION_STATUSES, nullable: true, description: 'the status it set' })
  readonly status!: ConversionStatus | null;

  @ApiProperty({ type: String, nullable: true, description: "the network's own status value, as sent" })
  readonly originalStatus!: string | null;
}

export type PostbackLogEntryView = Plain<PostbackLogEntryViewSchema>;

export function toPostbackLogEntryView(row: PostbackLogEntryEntity): PostbackLogEntryView {
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    clickId: row.clickId,
    outcome: row.outcome,
    reason: row.reason,
    message: row.message,
    warnings: row.warnings,
    params: row.params,
    sourceIp: row.sourceIp,
    conversionId: row.conversionId,
    revision: row.revision,
    status: row.status,
    originalStatus: row.originalStatus,
  };
}
