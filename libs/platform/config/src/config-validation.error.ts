export interface ConfigProblem {
  /** The environment variable's name. */
  readonly variable: string;
  readonly reasons: readonly string[];
}

/** Thrown when the environment is invalid; its message lists every invalid variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      [
        'Invalid configuration:',
        ...problems.map((problem) => `  - ${problem.variable}: ${problem.reasons.join('; ')}`),
      ].join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}
