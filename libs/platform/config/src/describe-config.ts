import { secretKeysOf } from './secret.decorator';
import { declaredVariables, type EnvClass } from './validate-env';

export const REDACTED = '[redacted]';

/**
 * A printable view of validated configuration: secrets (`@Secret()`) are replaced and passwords
 * inside URLs (`postgres://user:pw@host`) are masked, so the result is safe to log.
 */
export function describeConfig(...configs: readonly object[]): Record<string, string> {
  const described: Record<string, string> = {};
  for (const config of configs) {
    const envClass = config.constructor as EnvClass;
    const secrets = secretKeysOf(envClass);
    for (const variable of declaredVariables(envClass)) {
      const value: unknown = (config as Record<string, unknown>)[variable];
      if (value === undefined) continue;
      described[variable] = secrets.has(variable) ? REDACTED : maskUrlPasswords(printable(value));
    }
  }
  return described;
}

function printable(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/gi;

export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1${REDACTED}$3`);
}
