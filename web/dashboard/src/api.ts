import type { ApiSchema } from '@clickledger/api-client';

export type { ApiSchema } from '@clickledger/api-client';

export type Network = ApiSchema<'AffiliateNetworkView'>;
export type NetworkTemplate = ApiSchema<'NetworkTemplateView'>;
export type Offer = ApiSchema<'OfferView'>;
export type TrafficSource = ApiSchema<'TrafficSourceView'>;
export type Campaign = ApiSchema<'CampaignView'>;
export type Conversion = ApiSchema<'ConversionView'>;
export type PostbackLogEntry = ApiSchema<'PostbackLogEntryView'>;
export type Delivery = ApiSchema<'SourcePostbackView'>;
export type Report = ApiSchema<'ReportView'>;
export type ReportMetrics = ApiSchema<'ReportMetricsView'>;
export type TestPostbackResult = ApiSchema<'TestPostbackResultView'>;

/** Field path (`payout.amount`) → what is wrong with it, as the API said. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** An answer that is not a success, in words a user can act on. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

interface ErrorShape {
  readonly error?: {
    readonly message?: unknown;
    readonly details?: { readonly fields?: unknown; readonly field?: unknown };
  };
}

function fieldErrorsOf(details: NonNullable<ErrorShape['error']>['details'], message: string): FieldErrors {
  const fields: Record<string, string[]> = {};
  if (Array.isArray(details?.fields)) {
    for (const entry of details.fields as { field?: unknown; errors?: unknown }[]) {
      if (typeof entry.field === 'string' && Array.isArray(entry.errors))
        fields[entry.field] = entry.errors.filter((text): text is string => typeof text === 'string');
    }
  } else if (typeof details?.field === 'string') {
    // e.g. "affiliateNetworkId: affiliate network … does not exist"
    fields[details.field] = [message];
  }
  return fields;
}

let onUnauthorized: () => void = () => undefined;

/** Called when the API refuses the token (it changed, or the tab kept an old one): back to sign-in. */
export function whenUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
}

export function failureOf(status: number, body: unknown): ApiFailure {
  const error = (body as ErrorShape | undefined)?.error;
  const message =
    typeof error?.message === 'string'
      ? error.message
      : status >= 500
        ? `The server answered ${String(status)}. Try again in a moment; if it persists, check the API's log.`
        : `The request failed (${String(status)}).`;
  const fields = fieldErrorsOf(error?.details, message);
  const fieldNames = Object.keys(fields);
  // The details sit beside each field; the summary says where to look.
  const summary =
    fieldNames.length === 0
      ? message
      : `Check ${fieldNames.length === 1 ? 'the field' : 'the fields'} marked in red (${fieldNames.join(', ')}), then try again.`;
  return new ApiFailure(status, summary, fields);
}

/** The data of an openapi-fetch answer, or an ApiFailure naming what went wrong. */
export async function unwrap<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let answer;
  try {
    answer = await request;
  } catch {
    throw new ApiFailure(0, 'The API did not answer. Check your connection, or that the API is running.');
  }
  const { data, error, response } = answer;
  if (response.ok && data !== undefined) return data;
  if (response.status === 401) onUnauthorized();
  throw failureOf(response.status, error);
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : 'Something went wrong.';
