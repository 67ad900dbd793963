import {
  compileUrlTemplate,
  MAX_URL_TEMPLATE_LENGTH,
  urlTemplateKind,
  type UrlCompileResult,
  type UrlTemplate,
  type UrlTemplateError,
} from '../url-template';
import { OFFER_URL_TOKENS, type OfferUrlToken } from './offer-url-tokens';

export type OfferUrlTemplateError = UrlTemplateError;
export type OfferUrlTemplate = UrlTemplate<OfferUrlToken>;
export type OfferUrlCompileResult = UrlCompileResult<OfferUrlToken>;

export const MAX_OFFER_URL_LENGTH = MAX_URL_TEMPLATE_LENGTH;

export const OFFER_URL_KIND = urlTemplateKind('offer URL', OFFER_URL_TOKENS);

/**
 * Validates and compiles an offer URL (CONTRACT §3): known tokens only, absolute http(s), no
 * token in the scheme or host, so no click parameter can choose where the visitor is redirected.
 */
export function compileOfferUrl(url: string): OfferUrlCompileResult {
  return compileUrlTemplate(url, OFFER_URL_KIND);
}
