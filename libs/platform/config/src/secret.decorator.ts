import 'reflect-metadata';

const SECRET_KEYS = Symbol('clickledger:secret-keys');

/** Marks an environment variable as secret: `describeConfig()` prints it redacted. */
export function Secret(): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') return;
    const inherited = secretKeysOf(target.constructor);
    Reflect.defineMetadata(SECRET_KEYS, new Set([...inherited, propertyKey]), target.constructor);
  };
}

export function secretKeysOf(envClass: object): ReadonlySet<string> {
  const keys: unknown = Reflect.getMetadata(SECRET_KEYS, envClass);
  return keys instanceof Set ? (keys as Set<string>) : new Set<string>();
}
