import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ClickIdCodec,
  cutText,
  parsePostback,
  type RawPostbackParams,
  type RequestRejectionReason,
  timeOrderedUuid,
} from '@clickledger/tracking';
import { IngressEnv } from '../ingress.env';
import { PostbackEventsPublisher, type RejectedPostback } from './postback-events.publisher';
import { PostbackKey } from './postback-key';
import { loggableParams } from './postback-params';
import type { PostbackAnswer, RejectedStatus } from './postback-outcome';
import { PostbackMetrics } from './postback.metrics';

const DAY_MS = 24 * 60 * 60 * 1000;
const RETRY_AFTER_SECONDS = 5;
const MAX_MESSAGE_LENGTH = 500;

export interface IncomingPostback {
  readonly params: RawPostbackParams;
  readonly sourceIp: string;
  readonly correlationId?: string;
}

/** A request refused before its parameters could be read (bad body, too large, wrong method…). */
export interface UnreadRequest extends IncomingPostback {
  readonly statusCode: Exclude<RejectedStatus, 403>;
  readonly reason: RequestRejectionReason;
  readonly message: string;
}

/**
 * Validates a postback with no I/O and makes it durable before answering: the accepted event
 * (acknowledged by Kafka or fsynced to the spool) for a 200, the rejection event for a 400/403 or
 * any other refusal, so every answer with an id has its postback-log entry even if the process
 * dies right after answering. When neither can be made durable: 503 with Retry-After.
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

  /** The answer once the postback (or its rejection) is durable; 503 when it cannot be made so. */
  receive(incoming: IncomingPostback): Promise<PostbackAnswer> {
    return new Promise<PostbackAnswer>((resolve, reject) => {
      this.receiveThen(incoming, resolve, reject);
    });
  }

  /**
   * As receive, through callbacks (the raw route answers from them, without a promise or await per
   * accepted postback): `done` with every answer, 503 included; `failed` only with a bug (which may
   * also be thrown before this returns).
   */
  receiveThen(
    incoming: IncomingPostback,
    done: (answer: PostbackAnswer) => void,
    failed: (error: unknown) => void,
  ): void {
    const base = this.base(incoming);

    if (!this.key.accepts(incoming.params.key)) {
      const message =
        this.key.required && incoming.params.key === undefined
          ? 'missing postback key'
          : 'wrong postback key';
      this.reject({ ...base, reason: 'invalid-key', message }, 403).then(done, failed);
      return;
    }

    const result = parsePostback(incoming.params, {
      codec: this.codec,
      nowMs: base.receivedAt.getTime(),
      maxClickAgeMs: this.maxClickAgeMs,
    });
    if (!result.ok) {
      const { reason, message, clickId } = result.rejection;
      this.reject({ ...base, reason, message, clickId }, 400).then(done, failed);
      return;
    }

    const unavailable = (error: unknown): void => {
      done(this.unavailable(base.postbackId, '', error));
    };
    try {
      this.events.accepted(
        // The spread last: a property written after a spread is defined through V8's runtime.
        { postback: result.postback, ...base },
        (receipt) => {
          this.metrics.accepted(receipt);
          done({ statusCode: 200, body: { status: 'accepted', id: base.postbackId } });
        },
        unavailable,
      );
    } catch (error) {
      // As when the publish fails later: 503, so the network retries.
      unavailable(error);
    }
  }

  /** Answers a request that could not be read, in the contract's shape, and logs it like any rejection. */
  refuse(request: UnreadRequest): Promise<PostbackAnswer> {
    const base = this.base(request);
    return this.reject({ ...base, reason: request.reason, message: request.message }, request.statusCode);
  }

  private base(incoming: IncomingPostback) {
    const receivedAt = new Date();
    return {
      // Time-ordered: the postback log's primary key takes new ids at its right edge.
      postbackId: timeOrderedUuid(receivedAt.getTime()),
      receivedAt,
      sourceIp: incoming.sourceIp,
      params: loggableParams(incoming.params),
      correlationId: incoming.correlationId,
    };
  }

  private async reject(rejection: RejectedPostback, statusCode: RejectedStatus): Promise<PostbackAnswer> {
    const message = cutText(rejection.message, MAX_MESSAGE_LENGTH);
    try {
      // Awaited: the id we answer must name a log entry that survives a crash right after the answer.
      await this.events.rejected({ ...rejection, message });
    } catch (error) {
      return this.unavailable(rejection.postbackId, rejection.reason, error);
    }
    this.metrics.rejected(rejection.reason);
    return {
      statusCode,
      body: { status: 'rejected', reason: rejection.reason, message, id: rejection.postbackId },
    };
  }

  private unavailable(postbackId: string, reason: string, error: unknown): PostbackAnswer {
    this.metrics.unavailable(reason);
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
