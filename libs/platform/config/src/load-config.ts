import { ConfigValidationError, type ConfigProblem } from './config-validation.error';
import { describeConfig } from './describe-config';
import { placeholderProblems } from './placeholder-secrets';
import { parseEnv, type EnvClass, type EnvSource, type ValidateEnvOptions } from './validate-env';

export interface LoadConfigOptions extends ValidateEnvOptions {
  /** The environment to read; `process.env` when omitted (tests pass their own). */
  readonly env?: EnvSource;
}

/** Validated configuration of one process: one instance per env class. */
export class LoadedConfig {
  constructor(private readonly instances: ReadonlyMap<EnvClass, object>) {}

  get envClasses(): EnvClass[] {
    return [...this.instances.keys()];
  }

  get<T extends object>(envClass: EnvClass<T>): T {
    const instance = this.instances.get(envClass);
    if (instance === undefined) throw new Error(`${envClass.name} was not loaded`);
    return instance as T;
  }

  /** Safe to log: secrets redacted. */
  describe(): Record<string, string> {
    return describeConfig(...this.instances.values());
  }
}

/**
 * Validates every env class against the environment and throws one `ConfigValidationError`
 * naming every invalid variable of every class, development secrets and CHANGE-ME placeholders
 * included unless `NODE_ENV` is `development` or `test`. The only place that reads `process.env`.
 */
export function loadConfig(envClasses: readonly EnvClass[], options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const instances = new Map<EnvClass, object>();
  const problems = new Map<string, ConfigProblem>();
  for (const envClass of new Set(envClasses)) {
    const parsed = parseEnv(envClass, env, options);
    instances.set(envClass, parsed.value);
    for (const problem of parsed.problems) problems.set(problem.variable, problem);
    for (const problem of placeholderProblems(envClass, parsed.value, env)) {
      if (!problems.has(problem.variable)) problems.set(problem.variable, problem);
    }
  }
  if (problems.size > 0) throw new ConfigValidationError([...problems.values()]);
  return new LoadedConfig(instances);
}
