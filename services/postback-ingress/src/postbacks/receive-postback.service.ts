import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClickIdCodec, parsePostback, type RawPostbackParams } from '@clickledger/tracking';
import { IngressEnv } from '../ingress.env';
import { PostbackEventsPublisher } from './postback-events.publisher';
import { PostbackKey } from './postback-key';
import { loggableParams } from './postback-params';
import type { PostbackAnswer } from './postback-outcome';
import { PostbackMetrics } from './postback.metrics';

const DAY_MS = 24 * 60 * 60 * 1000;
const RETRY_AFTER_SECONDS = 5;

export interface IncomingPostback {
  readonly params: RawPostbackParams;
  readonly sourceIp: string;
  readonly correlationId?: string;
}

/**
 * Validates a postback with no I/O and makes it durable. Accepted: answered only once the event
 * is acknowledged by Kafka or fsynced to the spool. Rejected: answered at once; the rejection
 * event is published in the background so the postback log can explain it.
 */
@Injectable()
export class ReceivePostbackService {
  private readonly logger = new Logger(ReceivePostbackService.name);
  private readonly codec: ClickIdCodec;
  private readonly key: PostbackKey;
  private readonly maxClickAgeMs: number;

  constructor(
    @Inject(IngressEnv) env: IngressEnv,
    private readonly events: PostbackEventsPublisher,
    private readonly metrics: PostbackMetrics,
  ) {
    this.codec = new ClickIdCodec(env.CLICK_ID_SECRETS);
    this.key = new PostbackKey(env.POSTBACK_KEY);
    this.maxClickAgeMs = env.CLICK_ID_MAX_AGE_DAYS * DAY_MS;
  }

  async receive(incoming: IncomingPostback): Promise<PostbackAnswer> {
    const postbackId = randomUUID();
    const receivedAt = new Date();
    const params = loggableParams(incoming.params);
    const base = {
      postbackId,
      receivedAt,
      sourceIp: incoming.sourceIp,
      params,
      correlationId: incoming.correlationId,
    };

    if (!this.key.accepts(incoming.params.key)) {
      const message =
        this.key.required && incoming.params.key === undefined
          ? 'missing postback key'
          : 'wrong postback key';
      this.reject({ ...base, reason: 'invalid-key', message });
      return {
        statusCode: 403,
        body: { status: 'rejected', reason: 'invalid-key', message, id: postbackId },
      };
    }

    const result = parsePostback(incoming.params, {
      codec: this.codec,
      nowMs: receivedAt.getTime(),
      maxClickAgeMs: this.maxClickAgeMs,
    });
    if (!result.ok) {
      const { reason, message, clickId } = result.rejection;
      this.reject({ ...base, reason, message, clickId });
      return { statusCode: 400, body: { status: 'rejected', reason, message, id: postbackId } };
    }

    try {
      const receipt = await this.events.accepted({ ...base, postback: result.postback });
      this.metrics.accepted(receipt);
      return { statusCode: 200, body: { status: 'accepted', id: postbackId } };
    } catch (error) {
      this.metrics.unavailable();
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error), postbackId },
        'postback could not be made durable; answering 503 so the network retries',
      );
      return {
        statusCode: 503,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        body: { status: 'unavailable', message: 'the postback could not be stored; retry later' },
      };
    }
  }

  private reject(rejection: Parameters<PostbackEventsPublisher['rejected']>[0]): void {
    this.metrics.rejected(rejection.reason);
    // Not awaited: the network gets its answer now; the event reaches the log through the same
    // durable path, and a failure is counted and logged rather than lost silently.
    this.events.rejected(rejection).catch((error: unknown) => {
      this.metrics.rejectionNotLogged();
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error), postbackId: rejection.postbackId },
        'rejected postback could not be sent to the postback log',
      );
    });
  }
}
