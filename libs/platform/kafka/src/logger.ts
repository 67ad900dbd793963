/** The subset of a pino logger we use, so services pass their own logger in unchanged. */
export interface PlatformLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

const write = (level: string, context: object, message: string): void => {
  process.stderr.write(`${JSON.stringify({ level, time: Date.now(), ...context, msg: message })}\n`);
};

/** Used when no logger is given: warnings and errors still reach stderr, info is dropped. */
export const STDERR_LOGGER: PlatformLogger = {
  info: () => undefined,
  warn: (context, message) => {
    write('warn', context, message);
  },
  error: (context, message) => {
    write('error', context, message);
  },
};

export const errorContext = (error: unknown): { err: { name: string; message: string } } =>
  error instanceof Error
    ? { err: { name: error.name, message: error.message } }
    : { err: { name: 'NonError', message: String(error) } };
