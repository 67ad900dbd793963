/**
 * The one JSON shape of every error answer:
 *
 *   { "error": { "code": "request.validation-failed", "message": "...", "details": { ... } } }
 *
 * `code` is stable and machine-readable (`<area>.<reason>`); `message` is for humans; `details` is
 * optional, safe structured data. 5xx answers are always `{ code: "internal", message: "Internal
 * server error" }` (or `http.service-unavailable`): internals go to the log, never to the caller.
 */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
}

export function errorBody(
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
