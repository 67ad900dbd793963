import type { IngressRejectionReason } from '@clickledger/tracking';

/** What the HTTP layer answers (CONTRACT §4). */
export type PostbackAnswer =
  | { readonly statusCode: 200; readonly body: { readonly status: 'accepted'; readonly id: string } }
  | {
      readonly statusCode: 400 | 403;
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
