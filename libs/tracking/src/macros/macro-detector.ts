/**
 * Detects placeholders a network failed to substitute (CONTRACT §4). Only a whole value shaped like
 * a macro counts, with a name that starts with a letter or `_`: click IDs, UUIDs and real
 * transaction IDs (`T-991`, `ORD_12345`, `abc#1`) never match.
 */
export type MacroForm =
  | 'keyword'
  | 'curly'
  | 'double-curly'
  | 'dollar-curly'
  | 'hash'
  | 'square'
  | 'double-square'
  | 'triple-square'
  | 'triple-bang'
  | 'percent'
  | 'double-percent'
  | 'angle'
  | 'double-underscore';

export interface DetectedMacro {
  /** The placeholder as received (trimmed, at most MAX_MACRO_LENGTH characters). */
  readonly macro: string;
  readonly form: MacroForm;
  /** The placeholder's name without its delimiters (`s2` for `#s2#`). */
  readonly name: string;
}

/** Words some panels put where a value must go (the `custom` template uses the first two). */
export const PLACEHOLDER_KEYWORDS: readonly string[] = [
  'REPLACE',
  'OPTIONAL',
  'REPLACE_ME',
  'INSERT_CLICKID',
];

export const MAX_MACRO_LENGTH = 80;

// Name inside the delimiters: letter or `_` first, then word characters, `.`, `-` or `:`.
const NAME = '([A-Za-z_][\\w.:-]{0,63})';

const PATTERNS: readonly (readonly [MacroForm, RegExp])[] = [
  ['double-curly', new RegExp(`^\\{\\{\\s*${NAME}\\s*\\}\\}$`)],
  ['dollar-curly', new RegExp(`^\\$\\{${NAME}\\}$`)],
  ['curly', new RegExp(`^\\{${NAME}\\}$`)],
  // Admitad's `[[[subid]]]` and Awin's `!!!clickRef!!!` (see the network catalog).
  ['triple-square', new RegExp(`^\\[\\[\\[${NAME}\\]\\]\\]$`)],
  ['triple-bang', new RegExp(`^!!!${NAME}!!!$`)],
  ['double-square', new RegExp(`^\\[\\[${NAME}\\]\\]$`)],
  ['square', new RegExp(`^\\[${NAME}\\]$`)],
  ['double-percent', new RegExp(`^%%${NAME}%%$`)],
  ['percent', new RegExp(`^%${NAME}%$`)],
  ['hash', new RegExp(`^#${NAME}#$`)],
  ['angle', new RegExp(`^<${NAME}>$`)],
  // `__CLICK_ID__` style: upper-case only, so a txid like `__abc__` is not mistaken for one.
  ['double-underscore', /^__([A-Z][A-Z0-9_]{0,62}[A-Z0-9])__$/],
];

// Every value of every postback is checked, so the common answer (no macro) is read from tables
// indexed by a number, with no string hashed: the first character's code, and the value's length
// (only a value of a keyword's length is upper-cased).
const DELIMITER_FIRST = new Uint8Array(128);
for (const delimiter of '{$[%#<_!') DELIMITER_FIRST[delimiter.charCodeAt(0)] = 1;
const KEYWORDS = new Set(PLACEHOLDER_KEYWORDS);
const KEYWORD_LENGTH = new Uint8Array(MAX_MACRO_LENGTH + 1);
for (const keyword of PLACEHOLDER_KEYWORDS) KEYWORD_LENGTH[keyword.length] = 1;

/** The unsubstituted macro `value` is, or null. */
export function detectMacro(value: string | undefined | null): DetectedMacro | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_MACRO_LENGTH) return null;
  const direct = matchMacro(trimmed);
  if (direct) return direct;
  const decoded = matchMacro(decodedOnce(trimmed));
  return decoded ? { ...decoded, macro: trimmed } : null;
}

function matchMacro(value: string | null): DetectedMacro | null {
  if (value === null) return null;
  if (KEYWORD_LENGTH[value.length] === 1) {
    const upper = value.toUpperCase();
    if (KEYWORDS.has(upper)) return { macro: value, form: 'keyword', name: upper };
  }
  if (DELIMITER_FIRST[value.charCodeAt(0)] !== 1) return null;
  for (const [form, pattern] of PATTERNS) {
    const match = pattern.exec(value);
    if (match) return { macro: value, form, name: match[1] };
  }
  return null;
}

/** Networks sometimes URL-encode the braces of a macro they left alone (`%7Bsub1%7D`). */
function decodedOnce(value: string): string | null {
  if (!value.includes('%')) return null;
  try {
    const decoded = decodeURIComponent(value);
    return decoded === value ? null : decoded;
  } catch {
    return null;
  }
}
