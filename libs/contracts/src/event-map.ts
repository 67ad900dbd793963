import { ClickRecordedEventDto } from './events/click-recorded.event';
import { CampaignConfigEventDto } from './events/campaign-config.event';
import { ConversionAttributedEventDto } from './events/conversion-attributed.event';
import { PostbackReceivedEventDto } from './events/postback-received.event';
import { PostbackRejectedEventDto } from './events/postback-rejected.event';
import { TOPICS } from './topics';
import type { Plain } from './validation/plain';

type EventClass = new () => { readonly type: string; readonly version: number; readonly data: object };

interface EventDefinition<TClass extends EventClass> {
  readonly topic: string;
  readonly type: InstanceType<TClass>['type'];
  readonly version: InstanceType<TClass>['version'];
  readonly eventClass: TClass;
  /** File under libs/contracts/schemas/. */
  readonly schemaFile: string;
  /** The Kafka message key; null means no key (the partitioner spreads such messages). */
  readonly key: (data: Plain<InstanceType<TClass>['data']>) => string | null;
}

const define = <TClass extends EventClass>(definition: EventDefinition<TClass>): EventDefinition<TClass> =>
  definition;

/** Topic → event class, envelope type/version, JSON Schema file and key rule (CONTRACT §6). */
export const EVENT_DEFINITIONS = {
  [TOPICS.clicksRecorded.name]: define({
    topic: TOPICS.clicksRecorded.name,
    type: 'click.recorded',
    version: 1,
    eventClass: ClickRecordedEventDto,
    schemaFile: 'click-recorded.v1.schema.json',
    key: (data) => data.clickId,
  }),
  [TOPICS.postbacksReceived.name]: define({
    topic: TOPICS.postbacksReceived.name,
    type: 'postback.received',
    version: 1,
    eventClass: PostbackReceivedEventDto,
    schemaFile: 'postback-received.v1.schema.json',
    key: (data) => data.clickId,
  }),
  [TOPICS.postbacksRejected.name]: define({
    topic: TOPICS.postbacksRejected.name,
    type: 'postback.rejected',
    version: 1,
    eventClass: PostbackRejectedEventDto,
    schemaFile: 'postback-rejected.v1.schema.json',
    key: (data) => data.clickId ?? null,
  }),
  [TOPICS.conversionsAttributed.name]: define({
    topic: TOPICS.conversionsAttributed.name,
    type: 'conversion.attributed',
    version: 1,
    eventClass: ConversionAttributedEventDto,
    schemaFile: 'conversion-attributed.v1.schema.json',
    key: (data) => data.clickId,
  }),
  [TOPICS.campaignsConfig.name]: define({
    topic: TOPICS.campaignsConfig.name,
    type: 'campaign.config',
    version: 1,
    eventClass: CampaignConfigEventDto,
    schemaFile: 'campaign-config.v1.schema.json',
    key: (data) => data.campaignKey,
  }),
} as const;

export type EventTopic = keyof typeof EVENT_DEFINITIONS;

/** Topic name → the event (envelope + data, as plain JSON types) carried on it. */
export type EventMap = {
  [T in EventTopic]: Plain<InstanceType<(typeof EVENT_DEFINITIONS)[T]['eventClass']>>;
};

export type EventOf<T extends EventTopic> = EventMap[T];
export type EventDataOf<T extends EventTopic> = EventMap[T]['data'];

export const EVENT_TOPICS = Object.keys(EVENT_DEFINITIONS) as EventTopic[];

export function isEventTopic(topic: string): topic is EventTopic {
  return Object.prototype.hasOwnProperty.call(EVENT_DEFINITIONS, topic);
}

/** The Kafka key of an event on `topic` (click ID, campaign key, or null for keyless rejects). */
export function eventKey<T extends EventTopic>(topic: T, data: EventDataOf<T>): string | null {
  const key = EVENT_DEFINITIONS[topic].key as (value: EventDataOf<T>) => string | null;
  return key(data);
}
