import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ConfigValidationError, type ConfigProblem } from './config-validation.error';

/** A class whose properties are environment variable names, decorated with class-validator rules. */
export type EnvClass<T extends object = object> = new () => T;

export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface ValidateEnvOptions {
  /** Values used when a variable is unset or empty, e.g. a service's own `HTTP_PORT`. */
  readonly defaults?: Readonly<Record<string, string | number | boolean>>;
}

/** The environment variables an env class declares (every property with at least one rule). */
export function declaredVariables(envClass: EnvClass): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(envClass, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

/**
 * Builds one env class from the environment: picks its variables, converts them and validates
 * them. Empty strings count as unset (`FOO=` in a compose file means "not configured").
 * Returns the problems instead of throwing so several classes can be reported together.
 */
export function parseEnv<T extends object>(
  envClass: EnvClass<T>,
  env: EnvSource,
  options: ValidateEnvOptions = {},
): { value: T; problems: ConfigProblem[] } {
  const plain: Record<string, unknown> = {};
  for (const variable of declaredVariables(envClass)) {
    const raw = env[variable];
    const fallback = options.defaults?.[variable];
    if (raw !== undefined && raw !== '') plain[variable] = raw;
    else if (fallback !== undefined) plain[variable] = String(fallback);
  }
  const value = plainToInstance(envClass, plain);
  const errors = validateSync(value, { forbidUnknownValues: true });
  return { value, problems: errors.map(toProblem) };
}

/** Validates one env class and throws a `ConfigValidationError` naming every invalid variable. */
export function validateEnv<T extends object>(
  envClass: EnvClass<T>,
  env: EnvSource,
  options: ValidateEnvOptions = {},
): T {
  const { value, problems } = parseEnv(envClass, env, options);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return value;
}

function toProblem(error: ValidationError): ConfigProblem {
  const variable = error.property;
  if (error.value === undefined) return { variable, reasons: ['is required'] };
  const reasons = Object.values(error.constraints ?? {}).map((message) =>
    // class-validator's default messages start with the property name; ours do not.
    message.startsWith(`${variable} `) ? message.slice(variable.length + 1) : message,
  );
  return { variable, reasons: reasons.length > 0 ? [...new Set(reasons)] : ['is invalid'] };
}
