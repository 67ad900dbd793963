import { toStorableText } from '../text/storable-text';

/**
 * URL templates with `{token}` placeholders, compiled once and rendered per use. One piece serves
 * every template kind (offer URLs, traffic-source postback URLs): each passes its own token set.
 */
export type UrlTemplateError =
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

export type UrlCompileResult<T extends string> =
  | { readonly ok: true; readonly template: UrlTemplate<T> }
  | { readonly ok: false; readonly errors: readonly UrlTemplateError[] };

/** Values to substitute; a missing or empty value renders as the empty string. */
export type UrlTemplateValues<T extends string> = Partial<
  Readonly<Record<T, string | number | null | undefined>>
>;

/** A template kind: its tokens and how its messages name it ("offer URL", "postback URL"). */
export interface UrlTemplateKind<T extends string> {
  readonly label: string;
  readonly tokens: ReadonlySet<string>;
  readonly isToken: (name: string) => name is T;
}

export function urlTemplateKind<T extends string>(label: string, tokens: readonly T[]): UrlTemplateKind<T> {
  const set = new Set<string>(tokens);
  return { label, tokens: set, isToken: (name): name is T => set.has(name) };
}

export interface ClickIdAppendRule {
  /** The network's click-ID parameter (`s2`, `aff_sub`, …); null or empty when it has none. */
  readonly clickIdParam: string | null | undefined;
  readonly appendClickId: boolean;
}

export const MAX_URL_TEMPLATE_LENGTH = 4096;

const TOKEN = /\{([^{}]*)\}/g;
/** C0 (CR, LF, NUL, tab…), DEL and C1: never part of a URL; `new URL()` silently drops tab, CR and LF. */
export const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * A compiled URL: literal parts and token slots, so rendering is one pass of string
 * concatenation with no parsing per use.
 */
export class UrlTemplate<T extends string> {
  /** literals.length === tokens.length + 1; the URL is literals[0] token[0] literals[1] … */
  private constructor(
    readonly source: string,
    private readonly kind: UrlTemplateKind<T>,
    private readonly literals: readonly string[],
    private readonly tokens: readonly T[],
  ) {}

  /** @internal built by compileUrlTemplate only, after validation. */
  static fromParts<T extends string>(
    source: string,
    kind: UrlTemplateKind<T>,
    literals: readonly string[],
    tokens: readonly T[],
  ): UrlTemplate<T> {
    return new UrlTemplate(source, kind, literals, tokens);
  }

  get usedTokens(): readonly T[] {
    return this.tokens;
  }

  get hasClickIdToken(): boolean {
    return (this.tokens as readonly string[]).includes('clickid');
  }

  /**
   * Substitutes every token, URL-encoding its value; a missing value becomes the empty string.
   * Never throws: a lone surrogate (which `encodeURIComponent` refuses) is encoded as U+FFFD.
   */
  render(values: UrlTemplateValues<T>): string {
    const { literals, tokens } = this;
    let out = literals[0] ?? '';
    for (let i = 0; i < tokens.length; i++) {
      const value: string | number | null | undefined = values[tokens[i]];
      if (value !== undefined && value !== null && value !== '')
        out += encodeURIComponent(toStorableText(String(value)));
      out += literals[i + 1] ?? '';
    }
    return out;
  }

  /**
   * Applies the append-click-ID rule: with no `{clickid}` in the URL and a network that has a
   * click-ID parameter with "append click ID" on, adds `&param={clickid}` (or `?param=…`) before
   * any fragment. Only for kinds that know the `clickid` token.
   */
  withClickIdAppended(rule: ClickIdAppendRule): UrlTemplate<T> {
    const param = rule.clickIdParam;
    if (this.hasClickIdToken || !rule.appendClickId || !param || !this.kind.isToken('clickid')) return this;
    const hashAt = this.source.indexOf('#');
    const head = hashAt === -1 ? this.source : this.source.slice(0, hashAt);
    const fragment = hashAt === -1 ? '' : this.source.slice(hashAt);
    const separator = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
    const appended = `${head}${separator}${encodeURIComponent(toStorableText(param))}={clickid}${fragment}`;
    const compiled = compileUrlTemplate(appended, this.kind);
    // Cannot fail: the source compiled and we appended a known token in the query.
    if (!compiled.ok) throw new Error(`appending the click ID broke the template: ${appended}`);
    return compiled.template;
  }
}

/**
 * Validates and compiles a URL template: every `{token}` must be one of the kind's (errors name
 * each unknown token with its 0-based position), the URL must be absolute http(s), and tokens may
 * not appear in the scheme or host, so no click parameter can choose where a request goes.
 */
export function compileUrlTemplate<T extends string>(
  url: string,
  kind: UrlTemplateKind<T>,
): UrlCompileResult<T> {
  if (url.length > MAX_URL_TEMPLATE_LENGTH) {
    return fail({
      code: 'invalid-url',
      message: `the ${kind.label} is longer than ${MAX_URL_TEMPLATE_LENGTH} characters`,
    });
  }
  const control = CONTROL_CHARACTER.exec(url);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return fail({
      code: 'control-character',
      position: control.index,
      message: `the ${kind.label} has a control character (U+${code}) at ${control.index}`,
    });
  }
  const errors: UrlTemplateError[] = [];
  const literals: string[] = [];
  const tokens: T[] = [];
  const hostEnd = authorityEnd(url);
  let last = 0;
  for (const match of url.matchAll(TOKEN)) {
    const position = match.index;
    const name = match[1];
    if (!kind.isToken(name)) {
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
    tokens.push(name as T);
    last = position + match[0].length;
  }
  literals.push(url.slice(last));
  const strayOpen = url.indexOf('{', last);
  if (strayOpen !== -1) errors.push(unclosedError(strayOpen));
  const urlError = absoluteHttpUrlError(url, kind.label);
  if (urlError) errors.push(urlError);
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, template: UrlTemplate.fromParts(url, kind, asciiLiterals(literals, hostEnd), tokens) };
}

const NON_ASCII = /[^\x00-\x7F]/;
const NON_ASCII_RUNS = /[^\x00-\x7F]+/g;

/**
 * The literals as a Location header can carry them (Node refuses any other character there): a
 * host in Unicode (`例え.jp`) in punycode (`xn--r8jz45g.jp`), every other non-ASCII character
 * percent-encoded as UTF-8, as a browser sends the same address. ASCII literals are kept as they
 * are. The first literal holds the whole scheme and host (no token may stand there).
 */
function asciiLiterals(literals: readonly string[], hostEnd: number): string[] {
  return literals.map((literal, index) => {
    if (!NON_ASCII.test(literal)) return literal;
    if (index > 0) return percentEncodeNonAscii(literal);
    const authority = literal.slice(0, hostEnd);
    const rest = literal.slice(hostEnd);
    return (NON_ASCII.test(authority) ? asciiAuthority(authority) : authority) + percentEncodeNonAscii(rest);
  });
}

function asciiAuthority(authority: string): string {
  const url = new URL(`${authority}/`);
  const userinfo =
    url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  return `${url.protocol}//${userinfo}${url.host}`;
}

const percentEncodeNonAscii = (text: string): string =>
  text.replace(NON_ASCII_RUNS, (run) => encodeURIComponent(run.toWellFormed()));

/** One message per problem, each unknown token with its position: for validation answers. */
export function urlTemplateProblems(result: UrlCompileResult<string>): string[] {
  if (result.ok) return [];
  return result.errors.map((error) =>
    error.code === 'unknown-token'
      ? `unknown token ${error.token} at position ${error.position}`
      : error.message,
  );
}

function fail<T extends string>(error: UrlTemplateError): UrlCompileResult<T> {
  return { ok: false, errors: [error] };
}

function unclosedError(position: number): UrlTemplateError {
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
function absoluteHttpUrlError(url: string, label: string): UrlTemplateError | null {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(TOKEN, 'x'));
  } catch {
    return { code: 'invalid-url', message: `the ${label} is not an absolute URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { code: 'invalid-url', message: `the ${label} must use http or https` };
  }
  if (!/^https?:\/\/[^/?#]/i.test(url)) {
    return { code: 'invalid-url', message: `the ${label} must start with http:// or https:// and a host` };
  }
  return null;
}
