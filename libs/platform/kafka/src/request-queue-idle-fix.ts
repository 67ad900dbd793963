/**
 * kafkajs 2.2.4 keeps a 1 ms timer loop running on every broker connection, forever: its
 * RequestQueue re-schedules `checkPendingRequests` after every check, with a negative delay
 * (`throttledUntil` starts at -1) when nothing is pending, which Node runs after 1 ms
 * (tulios/kafkajs#1556, #1704, #1751; fixes proposed in #1667 and #1768, unreleased). Each
 * producer, consumer and admin connection thus wakes its process 1,000 times a second while
 * idle: on the development box an idle service woke 1,600 times a second (strace) and every
 * process of the stack spent CPU on it, at every rate.
 *
 * This replaces the scheduling with one that sets no timer when nothing is pending and no
 * throttle is running. Nothing is lost by it: a request that cannot be sent at once is queued by
 * `push`, which schedules the check itself (pending > 0), and every completed request runs
 * `checkPendingRequests`; a broker's throttle still schedules its own check for when it ends.
 */

interface RequestQueueLike {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own interval for re-checking a queue that has requests waiting. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

const FIXED = Symbol.for('clickledger.kafkajs.requestQueueIdleFix');

/** kafkajs's RequestQueue class (not part of its public API: pinned with the version). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, read once
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: RequestQueueLike & { [FIXED]?: true };
};

function scheduleCheckPendingRequests(this: RequestQueueLike): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delay: number;
  if (this.pending.length > 0)
    delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  else if (untilUnthrottled > 0) delay = untilUnthrottled;
  else return;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

/** Applies the fix once per process (idempotent); true when kafkajs's queue has it. */
export function fixRequestQueueIdleLoop(): boolean {
  const prototype = RequestQueue.prototype;
  if (typeof prototype.scheduleCheckPendingRequests !== 'function') return false;
  if (prototype[FIXED] !== true) {
    prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
    prototype[FIXED] = true;
  }
  return true;
}
