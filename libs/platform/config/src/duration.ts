import { Transform } from 'class-transformer';
import { IsInt } from 'class-validator';

const UNITS_MS = new Map<string, number>([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;

/** `1500` (ms), `500ms`, `30s`, `15m`, `48h`, `7d` → milliseconds; null when unparsable. */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return null;
  const [, amount = '', unit = 'ms'] = match;
  const factor = UNITS_MS.get(unit);
  return factor === undefined ? null : Number(amount) * factor;
}

/** Converts a duration string; leaves bad input untouched for the validator to report. */
export function ToDurationMs(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    return parseDurationMs(value) ?? value;
  });
}

const DURATION_MESSAGE = 'must be a duration: milliseconds, or a number with ms, s, m, h or d (e.g. 15s)';

/** A duration setting in milliseconds (`1500`, `500ms`, `30s`, `15m`, `48h`, `7d`); bound it with Min/Max. */
export function DurationMs(): PropertyDecorator {
  const transform = ToDurationMs();
  const validate = IsInt({ message: DURATION_MESSAGE });
  return (target, key) => {
    transform(target, key);
    validate(target, key);
  };
}
