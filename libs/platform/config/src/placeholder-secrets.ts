import type { ConfigProblem } from './config-validation.error';
import { secretKeysOf } from './secret.decorator';
import { declaredVariables, type EnvClass, type EnvSource } from './validate-env';

/** `NODE_ENV` values under which development secrets are accepted. */
export const DEVELOPMENT_NODE_ENVS: readonly string[] = ['development', 'test'];

/**
 * Secrets the development stacks set when none is given (`scripts/lib.sh`, `docker-compose.yml`):
 * public, so never acceptable in a real install. A test keeps this list in step with those files.
 */
export const DEVELOPMENT_SECRETS: readonly string[] = ['dev-token', 'dev-click-id-secret-change-me-0001'];

/** The example manifests' placeholders (`CHANGE-ME-api-token`, `postgres://app:CHANGE-ME@…`). */
const PLACEHOLDER = /change[-_ ]?me/i;

const HOW_TO_FIX =
  'set a secret of your own (e.g. `openssl rand -hex 32`); development values are accepted only with NODE_ENV=development or test';

/** True when the process runs under `NODE_ENV=development` or `test` (unset counts as production). */
export function isDevelopmentEnvironment(env: EnvSource): boolean {
  return DEVELOPMENT_NODE_ENVS.includes(env.NODE_ENV ?? '');
}

/**
 * Outside development, refuses the development stack's secrets in `@Secret()` variables and
 * `CHANGE-ME` placeholders in any variable (a URL's password included), so an install never runs
 * on a value everyone can read in this repository.
 */
export function placeholderProblems(envClass: EnvClass, value: object, env: EnvSource): ConfigProblem[] {
  if (isDevelopmentEnvironment(env)) return [];
  const secrets = secretKeysOf(envClass);
  const problems: ConfigProblem[] = [];
  for (const variable of declaredVariables(envClass)) {
    const raw: unknown = (value as Record<string, unknown>)[variable];
    const items = (Array.isArray(raw) ? raw : [raw]).filter(
      (item): item is string => typeof item === 'string',
    );
    if (secrets.has(variable) && items.some((item) => DEVELOPMENT_SECRETS.includes(item))) {
      problems.push({ variable, reasons: [`is a development secret from this repository; ${HOW_TO_FIX}`] });
    } else if (items.some((item) => PLACEHOLDER.test(item))) {
      problems.push({ variable, reasons: [`still holds a CHANGE-ME placeholder; ${HOW_TO_FIX}`] });
    }
  }
  return problems;
}
