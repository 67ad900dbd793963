import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@clickledger/contracts';
import { mustBeIp } from '../messages/event-decoder';
import { EventConsumers } from '../messages/event-consumers';
import { AttributePostbacksService } from './attribute-postbacks.service';

/** `postbacks.received.v1` → AttributePostbacksService. */
@Injectable()
export class PostbacksConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly postbacks: AttributePostbacksService,
  ) {}

  onModuleInit(): void {
    this.consumers.add(
      'postbacks',
      TOPICS.postbacksReceived.name,
      (event) => mustBeIp('sourceIp', event.data.sourceIp),
      (batch) => this.postbacks.handle(batch.map(({ value }) => value)),
    );
  }
}
