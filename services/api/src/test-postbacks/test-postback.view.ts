import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ConversionView, ConversionViewSchema } from '../conversions/conversion.view';
import { PostbackLogEntryView, PostbackLogEntryViewSchema } from '../postback-log/postback-log-entry.view';
import { SourcePostbackView, SourcePostbackViewSchema } from '../source-postbacks/source-postback.view';
import type { Plain } from '../common/openapi-responses';

export const TEST_POSTBACK_STEPS = [
  'click',
  'click-stored',
  'postback',
  'postback-log',
  'conversion',
] as const;
export type TestPostbackStep = (typeof TEST_POSTBACK_STEPS)[number];

/** One HTTP request the tool made, and what came back. */
@ApiSchema({ name: 'HttpStepView' })
export class HttpStepViewSchema {
  @ApiProperty()
  readonly url!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'null when the request itself failed' })
  readonly status!: number | null;

  @ApiPropertyOptional({
    description: 'the answer: its JSON, or its text',
    oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }],
  })
  readonly body?: unknown;

  @ApiPropertyOptional({ description: 'why the request failed (refused, timed out)' })
  readonly error?: string;
}

export type HttpStepView = Plain<HttpStepViewSchema>;

@ApiSchema({ name: 'ClickStepView' })
export class ClickStepViewSchema extends HttpStepViewSchema {
  @ApiProperty({ type: String, nullable: true })
  readonly clickId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'where the click service redirected' })
  readonly location!: string | null;
}

export type ClickStepView = Plain<ClickStepViewSchema>;

/** The click as attribution stored it. */
@ApiSchema({ name: 'StoredClickView' })
export class StoredClickViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly offerId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly affiliateNetworkId!: string;

  @ApiProperty()
  readonly test!: boolean;
}

export type StoredClickView = Plain<StoredClickViewSchema>;

@ApiSchema({ name: 'SourcePostbackStepView' })
export class SourcePostbackStepViewSchema {
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the campaign's postbackUrl, else the traffic source's; null when neither has one",
  })
  readonly destination!: string | null;

  @ApiProperty({ type: [SourcePostbackViewSchema] })
  readonly deliveries!: readonly SourcePostbackView[];
}

export type SourcePostbackStepView = Plain<SourcePostbackStepViewSchema>;

/** Every step of a test postback; a step not reached is null and `stoppedAt` names it. */
@ApiSchema({ name: 'TestPostbackResultView' })
export class TestPostbackResultViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly campaignId!: string;

  @ApiProperty({ type: ClickStepViewSchema })
  readonly click!: ClickStepView;

  @ApiProperty({ type: StoredClickViewSchema, nullable: true })
  readonly clickStored!: StoredClickView | null;

  @ApiProperty({ type: HttpStepViewSchema, nullable: true, description: "the network's postback URL, fired" })
  readonly postback!: HttpStepView | null;

  @ApiProperty({ type: PostbackLogEntryViewSchema, nullable: true })
  readonly postbackLog!: PostbackLogEntryView | null;

  @ApiProperty({ type: ConversionViewSchema, nullable: true })
  readonly conversion!: ConversionView | null;

  @ApiProperty({ type: SourcePostbackStepViewSchema, nullable: true })
  readonly sourcePostback!: SourcePostbackStepView | null;

  @ApiProperty({ enum: TEST_POSTBACK_STEPS, nullable: true, description: 'the step that did not complete' })
  readonly stoppedAt!: TestPostbackStep | null;
}

export type TestPostbackResultView = Plain<TestPostbackResultViewSchema>;
