import type { IngressRejectionReason } from '@clickledger/tracking';

/** Statuses of a refused postback: input (400), key (403), and requests that could not be read. */
export type RejectedStatus = 400 | 403 | 405 | 413 | 414 | 415 | 431;

/** Methods `/postback` answers; any other gets 405 with this `Allow`. */
export const ALLOWED_METHODS = 'GET, POST, HEAD';

/** What the HTTP layer answers (CONTRACT §4). */
export type PostbackAnswer =
  | { readonly statusCode: 200; readonly body: { readonly status: 'accepted'; readonly id: string } }
  | {
      readonly statusCode: RejectedStatus;
      readonly body: {
        readonly status: 'rejected';
        readonly reason: IngressRejectionReason;
        readonly message: string;
        readonly id: string;
      };
    }
  | {
      readonly statusCode: 503;
      readonly retryAfterSeconds: number;
      readonly body: { readonly status: 'unavailable'; readonly message: string };
    };

/** The answer's status line, headers and JSON body, the same for every way a postback is answered. */
export function answerHeaders(answer: PostbackAnswer): Record<string, string> {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (answer.statusCode === 503) headers['retry-after'] = String(answer.retryAfterSeconds);
  if (answer.statusCode === 405) headers.allow = ALLOWED_METHODS;
  return headers;
}
