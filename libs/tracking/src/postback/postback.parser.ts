import type { ClickIdCodec } from '../click-id/click-id.codec';
import { detectMacro } from '../macros/macro-detector';
import { canonicalNetworkAmount, describeAmountError } from '../money/network-amount';
import { normalizeCurrencyCode } from '../money/iso-4217';
import { type ConversionStatus, DEFAULT_EVENT_TYPE, type PostbackRejectionReason } from './postback-reasons';
import { builtInStatus, isStatusValue, MAX_STATUS_VALUE_LENGTH } from './status-mapping';

/** Raw postback parameters as received (query string, form or JSON), before any validation. */
export type RawPostbackParams = Readonly<Record<string, string | undefined>>;

export type PostbackField = 'cid' | 'payout' | 'txid' | 'et' | 'currency' | 'status';

/** A placeholder found where an optional value belongs: the value counts as absent. */
export interface PostbackWarning {
  readonly field: PostbackField;
  readonly code: 'unsubstituted-macro';
  readonly macro: string;
}

export interface ParsedPostback {
  /** Canonical (upper-case) click ID, tag verified. */
  readonly clickId: string;
  readonly clickedAtMs: number;
  /** Canonical decimal string (`12.5`, `-3`), or undefined when absent. */
  readonly payout?: string;
  readonly txid?: string;
  readonly eventType: string;
  /** Upper-case ISO 4217 code, or undefined: the offer's currency applies. */
  readonly currency?: string;
  /**
   * The built-in meaning of the network's status value (approved when it sent none), or null when
   * only the network's statusMap can tell: attribution, which knows the network, decides.
   */
  readonly status: ConversionStatus | null;
  /** The network's own status value as sent (trimmed), when it sent one. */
  readonly originalStatus?: string;
  readonly warnings: readonly PostbackWarning[];
}

export interface PostbackRejection {
  readonly reason: PostbackRejectionReason;
  readonly message: string;
  readonly field?: PostbackField;
  /** The verified click ID when the rejection is about another field, for keying the log entry. */
  readonly clickId?: string;
}

export type PostbackParseResult =
  | { readonly ok: true; readonly postback: ParsedPostback }
  | { readonly ok: false; readonly rejection: PostbackRejection };

export interface PostbackParseOptions {
  readonly codec: ClickIdCodec;
  readonly nowMs: number;
  /** Click IDs older than this are `click-id-expired` (the longest attribution window applies). */
  readonly maxClickAgeMs: number;
  /** Tolerated clock difference between the click servers and this one. Default 5 minutes. */
  readonly maxClockSkewMs?: number;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_TXID_LENGTH = 255;
const MAX_CLICK_ID_INPUT = 128;
const EVENT_TYPE = /^[a-z0-9_-]{1,32}$/;
// C0/C1 control characters, DEL, and the Unicode line/paragraph separators.
const NON_PRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Validates and normalizes a postback with no I/O (CONTRACT §4). `cid` must be a real click ID;
 * a placeholder left in an optional field (payout, txid, currency, status, et) counts as absent
 * and is reported as a warning, because the conversion itself is still genuine.
 */
export function parsePostback(raw: RawPostbackParams, options: PostbackParseOptions): PostbackParseResult {
  const cid = raw['cid']?.trim();
  if (cid === undefined || cid === '') {
    return reject({ reason: 'missing-click-id', field: 'cid', message: 'the cid parameter is required' });
  }
  const cidMacro = detectMacro(cid);
  if (cidMacro) {
    return reject({
      reason: 'unsubstituted-macro',
      field: 'cid',
      message: `cid is the unsubstituted macro ${cidMacro.macro}: the network did not replace it with the click ID`,
    });
  }
  const click = cid.length <= MAX_CLICK_ID_INPUT ? options.codec.verify(cid) : null;
  if (!click?.ok) {
    return reject({
      reason: 'invalid-click-id',
      field: 'cid',
      message: 'cid is not a click ID issued by this tracker',
    });
  }
  const { clickId, timestampMs } = click;
  if (timestampMs > options.nowMs + (options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS)) {
    return reject({
      reason: 'invalid-click-id',
      field: 'cid',
      clickId,
      message: 'the click ID is dated in the future',
    });
  }
  if (options.nowMs - timestampMs > options.maxClickAgeMs) {
    return reject({
      reason: 'click-id-expired',
      field: 'cid',
      clickId,
      message: `the click is older than ${Math.floor(options.maxClickAgeMs / 86_400_000)} days`,
    });
  }

  const warnings: PostbackWarning[] = [];
  const present = (field: Exclude<PostbackField, 'cid'>): string | undefined => {
    const value = raw[field]?.trim();
    if (value === undefined || value === '') return undefined;
    const macro = detectMacro(value);
    if (macro) {
      warnings.push({ field, code: 'unsubstituted-macro', macro: macro.macro });
      return undefined;
    }
    return value;
  };

  const payoutInput = present('payout');
  let payout: string | undefined;
  if (payoutInput !== undefined) {
    const parsed = canonicalNetworkAmount(payoutInput);
    if (!parsed.ok) {
      const message = `payout ${describeAmountError(payoutInput, parsed.error)}`;
      return reject({ reason: 'invalid-payout', field: 'payout', clickId, message });
    }
    payout = parsed.text;
  }

  const txid = present('txid');
  if (txid !== undefined && (NON_PRINTABLE.test(txid) || codePointLength(txid) > MAX_TXID_LENGTH)) {
    return reject({
      reason: 'invalid-txid',
      field: 'txid',
      clickId,
      message: `txid must be at most ${MAX_TXID_LENGTH} printable characters`,
    });
  }

  const eventTypeInput = present('et');
  const eventType = eventTypeInput ?? DEFAULT_EVENT_TYPE;
  if (!EVENT_TYPE.test(eventType)) {
    return reject({
      reason: 'invalid-event-type',
      field: 'et',
      clickId,
      message: 'et must be 1 to 32 characters of a-z, 0-9, _ or -',
    });
  }

  const currencyInput = present('currency');
  let currency: string | undefined;
  if (currencyInput !== undefined) {
    const code = normalizeCurrencyCode(currencyInput);
    if (code === null) {
      return reject({
        reason: 'invalid-currency',
        field: 'currency',
        clickId,
        message: 'currency must be an ISO 4217 code',
      });
    }
    currency = code;
  }

  // Only the shape is checked here: the click's network (unknown until attribution) may map any
  // value through its statusMap, so a value that can never be a statusMap key is all we refuse.
  const statusInput = present('status');
  if (statusInput !== undefined && !isStatusValue(statusInput)) {
    return reject({
      reason: 'invalid-status',
      field: 'status',
      clickId,
      message: `status must be 1 to ${String(MAX_STATUS_VALUE_LENGTH)} printable characters`,
    });
  }
  const status = statusInput === undefined ? 'approved' : (builtInStatus(statusInput) ?? null);

  return {
    ok: true,
    // The optional fields spread last: V8 defines each property written after a spread one by
    // one, through its runtime.
    postback: {
      clickId,
      clickedAtMs: timestampMs,
      eventType,
      status,
      warnings,
      ...(payout !== undefined && { payout }),
      ...(txid !== undefined && { txid }),
      ...(currency !== undefined && { currency }),
      ...(statusInput !== undefined && { originalStatus: statusInput }),
    },
  };
}

function reject(rejection: PostbackRejection): PostbackParseResult {
  return { ok: false, rejection };
}

function codePointLength(value: string): number {
  if (value.length <= MAX_TXID_LENGTH) return value.length;
  let count = 0;
  for (const _ of value) count++;
  return count;
}
