import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ConversionView } from '../conversions/conversion.view';
import { PostbackLogEntryView } from '../postback-log/postback-log-entry.view';
import { SourcePostbackView } from '../source-postbacks/source-postback.view';

export const TEST_POSTBACK_STEPS = [
  'click',
  'click-stored',
  'postback',
  'postback-log',
  'conversion',
] as const;
export type TestPostbackStep = (typeof TEST_POSTBACK_STEPS)[number];

/** One HTTP request the tool made, and what came back. */
export class HttpStepView {
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

export class ClickStepView extends HttpStepView {
  @ApiProperty({ type: String, nullable: true })
  readonly clickId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'where the click service redirected' })
  readonly location!: string | null;
}

/** The click as attribution stored it. */
export class StoredClickView {
  @ApiProperty({ format: 'uuid' })
  readonly offerId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly affiliateNetworkId!: string;

  @ApiProperty()
  readonly test!: boolean;
}

export class SourcePostbackStepView {
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the campaign's postbackUrl, else the traffic source's; null when neither has one",
  })
  readonly destination!: string | null;

  @ApiProperty({ type: [SourcePostbackView] })
  readonly deliveries!: readonly SourcePostbackView[];
}

/** Every step of a test postback; a step not reached is null and `stoppedAt` names it. */
export class TestPostbackResultView {
  @ApiProperty({ format: 'uuid' })
  readonly campaignId!: string;

  @ApiProperty({ type: ClickStepView })
  readonly click!: ClickStepView;

  @ApiProperty({ type: StoredClickView, nullable: true })
  readonly clickStored!: StoredClickView | null;

  @ApiProperty({ type: HttpStepView, nullable: true, description: "the network's postback URL, fired" })
  readonly postback!: HttpStepView | null;

  @ApiProperty({ type: PostbackLogEntryView, nullable: true })
  readonly postbackLog!: PostbackLogEntryView | null;

  @ApiProperty({ type: ConversionView, nullable: true })
  readonly conversion!: ConversionView | null;

  @ApiProperty({ type: SourcePostbackStepView, nullable: true })
  readonly sourcePostback!: SourcePostbackStepView | null;

  @ApiProperty({ enum: TEST_POSTBACK_STEPS, nullable: true, description: 'the step that did not complete' })
  readonly stoppedAt!: TestPostbackStep | null;
}
