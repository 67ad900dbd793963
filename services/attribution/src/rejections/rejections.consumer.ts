import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@clickledger/contracts';
import { mustBeIp } from '../messages/event-decoder';
import { EventConsumers } from '../messages/event-consumers';
import { RecordRejectionsService } from './record-rejections.service';

/** `postbacks.rejected.v1` → the postback log. */
@Injectable()
export class RejectionsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly rejections: RecordRejectionsService,
  ) {}

  onModuleInit(): void {
    this.consumers.add(
      'postbacks-rejected',
      TOPICS.postbacksRejected.name,
      (event) => mustBeIp('sourceIp', event.data.sourceIp),
      (batch) => this.rejections.record(batch.map(({ value }) => value.event.data)),
    );
  }
}
