export interface DomainErrorOptions {
  /** Safe, structured facts for the caller (the offending field, the macro found); never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * Base of every error a service means to show its callers. Subclasses fix a stable `code`
 * (`<area>.<kebab-reason>`, e.g. `postback.unsubstituted-macro`) and the HTTP `status`:
 *
 *   class UnknownCampaignError extends DomainError {
 *     readonly code = 'campaign.not-found';
 *     readonly status = 404;
 *   }
 *
 * The message is shown to the caller too, so it must not contain internals.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }
}
