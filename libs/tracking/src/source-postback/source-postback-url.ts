import { CUSTOM_VARIABLES } from '../offer-url/offer-url-tokens';
import {
  compileUrlTemplate,
  urlTemplateKind,
  type UrlCompileResult,
  type UrlTemplateValues,
} from '../url-template';

/** Tokens of a traffic-source postback URL (CONTRACT §9), case-sensitive. */
export const SOURCE_POSTBACK_TOKENS = [
  'externalid',
  'clickid',
  'payout',
  'currency',
  'status',
  'txid',
  'eventtype',
  'campaign.id',
  'offer.id',
  'cost',
  ...CUSTOM_VARIABLES,
  'conversion.id',
  'timestamp',
] as const;

export type SourcePostbackToken = (typeof SOURCE_POSTBACK_TOKENS)[number];
export type SourcePostbackValues = UrlTemplateValues<SourcePostbackToken>;

export const SOURCE_POSTBACK_URL_KIND = urlTemplateKind('postback URL', SOURCE_POSTBACK_TOKENS);

/** HTTP methods a traffic source can be notified with; POST sends the query as a form body. */
export const SOURCE_POSTBACK_METHODS = ['GET', 'POST'] as const;
export type SourcePostbackMethod = (typeof SOURCE_POSTBACK_METHODS)[number];

/** Validates and compiles a traffic source's (or a campaign's) postback URL. */
export function compileSourcePostbackUrl(url: string): UrlCompileResult<SourcePostbackToken> {
  return compileUrlTemplate(url, SOURCE_POSTBACK_URL_KIND);
}
