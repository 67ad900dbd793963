/**
 * Fuzzed postback requests for the e2e harness: arbitrary parameter names (prototype keys,
 * brackets, emoji, empty, very long), any Unicode in names and values (lone surrogates too:
 * percent-encoded as the UTF-8-style bytes ED A0 80, or as `\ud800` in JSON), transports and
 * content types, and methods. Deterministic from (seed, n), so a failing case can be replayed.
 *
 * Each request says what the contract expects of it: `valid` ones carry the real click ID and the
 * visit's txid and must become exactly one conversion when answered 200; `junk` ones must never
 * become a conversion (rejected, wrong method, HEAD, malformed) but, answered 200/400, must still
 * reach the postback log.
 */

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly kind: 'valid' | 'junk';
  /** A short label of the case, for the figures. */
  readonly label: string;
}

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const LONE_SURROGATE = '\ud800';
const NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'then',
  '',
  ' ',
  'a[b]',
  'a[]',
  'x.y',
  'note',
  'note',
  'sub2',
  'aff_sub',
  'clickid',
  'CID',
  'Payout',
  'ключ',
  '名前',
  '😀',
  'e\u0301',
  '\u202eevil',
  'n\u0000ul',
  `s${LONE_SURROGATE}`,
  'x'.repeat(300),
] as const;
const VALUES = [
  '',
  'plain',
  '😀'.repeat(3),
  `${'x'.repeat(511)}😀`,
  `${'a'.repeat(254)}😀`,
  LONE_SURROGATE,
  `a${LONE_SURROGATE}b`,
  '\udc00',
  'nul\u0000byte',
  'line\r\nbreak',
  '\u202e\u200b\ufeff',
  'ẞ\u0301',
  '{aff_sub}',
  '#s2#',
  '%%subid%%',
  '${x}',
  '[clickid]',
  'REPLACE',
  '<script>',
  "'; DROP TABLE x;--",
  'ü'.repeat(500),
  '%zz',
  '+ +',
] as const;

/** Percent-encodes UTF-16 as UTF-8 bytes, lone surrogates as their 3 (ill-formed) bytes. */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    let point = code;
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (point < 0x80 && /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(point))) {
      out += String.fromCharCode(point);
      continue;
    }
    for (const byte of utf8Bytes(point)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function utf8Bytes(point: number): number[] {
  if (point < 0x80) return [point];
  if (point < 0x800) return [0xc0 | (point >> 6), 0x80 | (point & 63)];
  if (point < 0x10000) return [0xe0 | (point >> 12), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63)];
  return [0xf0 | (point >> 18), 0x80 | ((point >> 12) & 63), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63)];
}

type Params = [string, string][];
const formOf = (params: Params): string =>
  params.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');

function extras(random: Random): Params {
  const count = Math.floor(random() * 5);
  return Array.from({ length: count }, () => [pick(random, NAMES), pick(random, VALUES)] as [string, string]);
}

/** The valid core of a postback (CONTRACT §4), in one of the forms networks send. */
function validCore(random: Random, clickId: string, txid: string): Params {
  const params: Params = [
    ['cid', random() < 0.2 ? clickId.toLowerCase() : clickId],
    ['txid', txid],
  ];
  const payout = pick(random, [null, '2.5', '12,34', '1,234.50', '-1.5', 'OPTIONAL', '#price#', '0']);
  if (payout !== null) params.push(['payout', payout]);
  const status = pick(random, [null, 'approved', 'APPROVE', '1', 'pending', 'Hold', '2']);
  if (status !== null) params.push(['status', status]);
  const eventType = pick(random, [null, 'conversion', 'lead', 'sale', 'install']);
  if (eventType !== null) params.push(['et', eventType]);
  const currency = pick(random, [null, 'USD', 'EUR', 'OPTIONAL']);
  if (currency !== null) params.push(['currency', currency]);
  return params;
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A JSON object literal with the params in order (duplicate names kept; the parser's last wins). */
const jsonOf = (params: Params): string =>
  `{${params.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;

function send(
  transport: 'query' | 'form' | 'json' | 'text',
  params: Params,
  contentTypeCase: (type: string) => string,
): Pick<FuzzRequest, 'method' | 'path' | 'headers' | 'body'> {
  if (transport === 'query') return { method: 'GET', path: `/postback?${formOf(params)}`, headers: {} };
  const [type, body] =
    transport === 'json'
      ? ['application/json', jsonOf(params)]
      : transport === 'form'
        ? ['application/x-www-form-urlencoded', formOf(params)]
        : ['text/plain', formOf(params)];
  return {
    method: 'POST',
    path: '/postback',
    headers: { 'content-type': contentTypeCase(type) },
    body: Buffer.from(body),
  };
}

/** The fuzzed postback of visit `n` for its click. */
export function fuzzPostback(seed: number, n: number, clickId: string, txid: string): FuzzRequest {
  const random = prng((seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0);
  const transport = pick(random, ['query', 'query', 'form', 'json', 'text'] as const);
  const contentTypeCase = (type: string): string =>
    pick(random, [type, `${type}; charset=utf-8`, type.toUpperCase(), `${type};charset=UTF-8`]);
  if (random() < 0.6) {
    const params = shuffle(random, [...validCore(random, clickId, txid), ...extras(random)]);
    // A fuzzed name may collide with a real parameter (`CID` is not `cid`, but a duplicate `cid`
    // would be): drop fuzzed duplicates of the core names so the postback stays valid.
    const core = new Set(['cid', 'txid', 'payout', 'status', 'et', 'currency', 'key']);
    const seen = new Set<string>();
    const kept = params.filter(([name]) => {
      if (!core.has(name)) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      return true;
    });
    return { ...send(transport, kept, contentTypeCase), kind: 'valid', label: `valid-${transport}` };
  }
  return junk(random, transport, clickId, txid, contentTypeCase);
}

function junk(
  random: Random,
  transport: 'query' | 'form' | 'json' | 'text',
  clickId: string,
  txid: string,
  contentTypeCase: (type: string) => string,
): FuzzRequest {
  const valid: Params = [
    ['cid', clickId],
    ['txid', txid],
  ];
  const variant = Math.floor(random() * 10);
  const fuzz = extras(random);
  switch (variant) {
    case 0:
      return {
        ...send(transport, [['txid', txid], ...fuzz], contentTypeCase),
        kind: 'junk',
        label: 'missing-cid',
      };
    case 1:
      return {
        ...send(transport, [['cid', pick(random, VALUES)], ['txid', txid], ...fuzz], contentTypeCase),
        kind: 'junk',
        label: 'bad-cid',
      };
    case 2:
      return {
        ...send(
          transport,
          [...valid, ['payout', pick(random, ['abc', '1,234', '1e5', 'NaN', '1.1234567'])]],
          contentTypeCase,
        ),
        kind: 'junk',
        label: 'invalid-payout',
      };
    case 3:
      return {
        ...send(
          transport,
          [...valid, ['et', pick(random, ['Bad Event', 'x'.repeat(40), 'ÄÖ', LONE_SURROGATE])]],
          contentTypeCase,
        ),
        kind: 'junk',
        label: 'invalid-event-type',
      };
    case 4:
      return {
        ...send(
          transport,
          [...valid, ['status', pick(random, ['weird', '9', `ok${LONE_SURROGATE}`])]],
          contentTypeCase,
        ),
        kind: 'junk',
        label: 'invalid-status',
      };
    case 5:
      return {
        method: pick(random, ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']),
        path: `/postback?${formOf(valid)}`,
        headers: {},
        kind: 'junk',
        label: 'method',
      };
    case 6:
      return {
        method: 'POST',
        path: '/postback',
        headers: { 'content-type': contentTypeCase('application/json') },
        body: Buffer.from(
          pick(random, [
            `{"cid":"${clickId}","txid":"${txid}"`,
            `["${clickId}"]`,
            '"x"',
            'null',
            '{"cid":',
            '\u0000',
          ]),
        ),
        kind: 'junk',
        label: 'malformed-json',
      };
    case 7: {
      // A form body under a type that is not read: the ingress answers 415 (logged, no conversion);
      // the accounting of a valid postback holds either way (200: one conversion; 4xx: none).
      const type = pick(random, [
        'application/xml',
        'multipart/form-data; boundary=x',
        'image/png',
        'application/octet-stream',
      ]);
      return {
        method: 'POST',
        path: '/postback',
        headers: { 'content-type': type },
        body: Buffer.from(formOf(valid)),
        kind: 'valid',
        label: `other-type-${type.slice(0, type.indexOf('/'))}`,
      };
    }
    case 8:
      return {
        method: 'GET',
        // Over Node's 16 KiB header limit: 431 (no click ID, so a larger limit gives a 400).
        path: `/postback?${formOf([['txid', txid], ...fuzz])}`,
        headers: { 'x-fuzz': 'y'.repeat(20_000 + Math.floor(random() * 20_000)) },
        kind: 'junk',
        label: 'big-header',
      };
    default:
      return {
        ...send(
          transport,
          [
            ['cid', `${clickId}${pick(random, ['0', 'X', LONE_SURROGATE, '😀'])}`],
            ['txid', txid],
          ],
          contentTypeCase,
        ),
        kind: 'junk',
        label: 'cid-suffix',
      };
  }
}
