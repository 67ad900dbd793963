import { toStorableText } from '../text/storable-text';
import { isOfferUrlToken, type OfferUrlToken, type OfferUrlValues } from './offer-url-tokens';

export type OfferUrlTemplateError =
  | {
      readonly code: 'unknown-token';
      readonly token: string;
      readonly position: number;
      readonly message: string;
    }
  | { readonly code: 'unclosed-token'; readonly position: number; readonly message: string }
  | { readonly code: 'control-character'; readonly position: number; readonly message: string }
  | {
      readonly code: 'token-in-host';
      readonly token: string;
      readonly position: number;
      readonly message: string;
    }
  | { readonly code: 'invalid-url'; readonly message: string };

export type OfferUrlCompileResult =
  | { readonly ok: true; readonly template: OfferUrlTemplate }
  | { readonly ok: false; readonly errors: readonly OfferUrlTemplateError[] };

export interface ClickIdAppendRule {
  /** The network's click-ID parameter (`s2`, `aff_sub`, …); null or empty when it has none. */
  readonly clickIdParam: string | null | undefined;
  readonly appendClickId: boolean;
}

export const MAX_OFFER_URL_LENGTH = 4096;

const TOKEN = /\{([^{}]*)\}/g;
/** C0 (CR, LF, NUL, tab…), DEL and C1: never part of a URL; `new URL()` silently drops tab, CR and LF. */
export const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * A compiled offer URL: literal parts and token slots, so rendering is one pass of string
 * concatenation with no parsing per click.
 */
export class OfferUrlTemplate {
  /** literals.length === tokens.length + 1; the URL is literals[0] token[0] literals[1] … */
  private constructor(
    readonly source: string,
    private readonly literals: readonly string[],
    private readonly tokens: readonly OfferUrlToken[],
  ) {}

  /** @internal built by compileOfferUrl only, after validation. */
  static fromParts(
    source: string,
    literals: readonly string[],
    tokens: readonly OfferUrlToken[],
  ): OfferUrlTemplate {
    return new OfferUrlTemplate(source, literals, tokens);
  }

  get usedTokens(): readonly OfferUrlToken[] {
    return this.tokens;
  }

  get hasClickIdToken(): boolean {
    return this.tokens.includes('clickid');
  }

  /**
   * Substitutes every token, URL-encoding its value; a missing value becomes the empty string.
   * Never throws: a lone surrogate (which `encodeURIComponent` refuses) is encoded as U+FFFD.
   */
  render(values: OfferUrlValues): string {
    const { literals, tokens } = this;
    let out = literals[0] ?? '';
    for (let i = 0; i < tokens.length; i++) {
      const value = values[tokens[i]];
      if (value !== undefined && value !== null && value !== '')
        out += encodeURIComponent(toStorableText(String(value)));
      out += literals[i + 1] ?? '';
    }
    return out;
  }

  /**
   * Applies the append-click-ID rule: with no `{clickid}` in the URL and a network that has a
   * click-ID parameter with "append click ID" on, adds `&param={clickid}` (or `?param=…`) before
   * any fragment.
   */
  withClickIdAppended(rule: ClickIdAppendRule): OfferUrlTemplate {
    const param = rule.clickIdParam;
    if (this.hasClickIdToken || !rule.appendClickId || !param) return this;
    const hashAt = this.source.indexOf('#');
    const head = hashAt === -1 ? this.source : this.source.slice(0, hashAt);
    const fragment = hashAt === -1 ? '' : this.source.slice(hashAt);
    const separator = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
    const appended = `${head}${separator}${encodeURIComponent(toStorableText(param))}={clickid}${fragment}`;
    const compiled = compileOfferUrl(appended);
    // Cannot fail: the source compiled and we appended a known token in the query.
    if (!compiled.ok) throw new Error(`appending the click ID broke the template: ${appended}`);
    return compiled.template;
  }
}

/**
 * Validates and compiles an offer URL: every `{token}` must be known (errors name each unknown
 * token with its 0-based position), the URL must be absolute http(s), and tokens may not appear
 * in the scheme or host, so no click parameter can choose where the visitor is redirected.
 */
export function compileOfferUrl(url: string): OfferUrlCompileResult {
  if (url.length > MAX_OFFER_URL_LENGTH) {
    return fail({
      code: 'invalid-url',
      message: `the offer URL is longer than ${MAX_OFFER_URL_LENGTH} characters`,
    });
  }
  const control = CONTROL_CHARACTER.exec(url);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return fail({
      code: 'control-character',
      position: control.index,
      message: `the offer URL has a control character (U+${code}) at ${control.index}`,
    });
  }
  const errors: OfferUrlTemplateError[] = [];
  const literals: string[] = [];
  const tokens: OfferUrlToken[] = [];
  const hostEnd = authorityEnd(url);
  let last = 0;
  for (const match of url.matchAll(TOKEN)) {
    const position = match.index;
    const name = match[1];
    if (!isOfferUrlToken(name)) {
      errors.push({
        code: 'unknown-token',
        token: match[0],
        position,
        message: `unknown token ${match[0]} at ${position}`,
      });
    } else if (position < hostEnd) {
      errors.push({
        code: 'token-in-host',
        token: match[0],
        position,
        message: `token ${match[0]} at ${position} is in the scheme or host; only the path and query may hold tokens`,
      });
    }
    const unclosed = url.indexOf('{', last);
    if (unclosed !== -1 && unclosed < position) errors.push(unclosedError(unclosed));
    literals.push(url.slice(last, position));
    tokens.push(name as OfferUrlToken);
    last = position + match[0].length;
  }
  literals.push(url.slice(last));
  const strayOpen = url.indexOf('{', last);
  if (strayOpen !== -1) errors.push(unclosedError(strayOpen));
  const urlError = absoluteHttpUrlError(url);
  if (urlError) errors.push(urlError);
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, template: OfferUrlTemplate.fromParts(url, literals, tokens) };
}

function fail(error: OfferUrlTemplateError): OfferUrlCompileResult {
  return { ok: false, errors: [error] };
}

function unclosedError(position: number): OfferUrlTemplateError {
  return { code: 'unclosed-token', position, message: `"{" at ${position} is not closed by "}"` };
}

/** Index where the path, query or fragment starts (the end of `scheme://host:port`). */
function authorityEnd(url: string): number {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd === -1) return url.length;
  const rest = url.slice(schemeEnd + 3).search(/[/?#]/);
  return rest === -1 ? url.length : schemeEnd + 3 + rest;
}

/** Checked with every token replaced by a plain value, as the rendered URL would look. */
function absoluteHttpUrlError(url: string): OfferUrlTemplateError | null {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(TOKEN, 'x'));
  } catch {
    return { code: 'invalid-url', message: 'the offer URL is not an absolute URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { code: 'invalid-url', message: 'the offer URL must use http or https' };
  }
  if (!/^https?:\/\/[^/?#]/i.test(url)) {
    return { code: 'invalid-url', message: 'the offer URL must start with http:// or https:// and a host' };
  }
  return null;
}
