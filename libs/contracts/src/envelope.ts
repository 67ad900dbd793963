import { IsISO8601, IsUUID } from 'class-validator';
import { isoInstant, randomUuid } from '@clickledger/tracking';

/** Every event on Kafka (CONTRACT §6): `{type, version, id, occurredAt, data}`. */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly version: number;
  /** Unique per event (UUID); consumers may use it to drop exact redeliveries. */
  readonly id: string;
  /** ISO 8601 UTC time at which the fact happened. */
  readonly occurredAt: string;
  readonly data: TData;
}

/** Envelope fields shared by every event class; subclasses pin `type`, `version` and `data`. */
export abstract class EventEnvelopeFields {
  @IsUUID()
  readonly id!: string;

  @IsISO8601({ strict: true })
  readonly occurredAt!: string;
}

export interface EnvelopeOptions {
  readonly id?: string;
  readonly occurredAt?: Date | string;
}

export function createEnvelope<TType extends string, TData>(
  type: TType,
  version: number,
  data: TData,
  options: EnvelopeOptions = {},
): EventEnvelope<TType, TData> {
  const occurredAt = options.occurredAt ?? new Date();
  return {
    type,
    version,
    id: options.id ?? randomUuid(),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : isoInstant(occurredAt.getTime()),
    data,
  };
}
