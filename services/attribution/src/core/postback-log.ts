import type { PostbackOutcome } from '@clickledger/persistence';

/** Outcome of a postback waiting for its click (CONTRACT §5.2). */
export const PENDING = 'pending' satisfies PostbackOutcome;
/** Reason of a pending row: its click has not been seen yet. */
export const AWAITING_CLICK = 'awaiting-click';
/** Key of the pending row's `pending_event` that holds the correlation id beside the event's fields. */
export const PENDING_CORRELATION_KEY = 'correlationId';
