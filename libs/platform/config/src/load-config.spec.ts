import { IsString } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { describeConfig, maskUrlPasswords, REDACTED } from './describe-config';
import { HttpEnv } from './http.env';
import { KafkaEnv } from './kafka.env';
import { loadConfig } from './load-config';
import { PostgresEnv } from './postgres.env';
import { RedisEnv } from './redis.env';
import { Secret } from './secret.decorator';
import { validateEnv } from './validate-env';

class SigningEnv {
  @Secret()
  @IsString()
  CLICK_ID_SECRETS!: string;

  @IsString()
  PUBLIC_CLICK_BASE_URL!: string;
}

const VALID = {
  KAFKA_BROKERS: 'k1:9092, k2:9093',
  DATABASE_URL: 'postgres://app:s3cret@db:5432/clickledger',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
  TRUSTED_PROXIES: '10.0.0.0/8,127.0.0.1,loopback',
};

function configError(run: () => unknown): ConfigValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadConfig', () => {
  it('converts numbers and lists and applies defaults', () => {
    const config = loadConfig([KafkaEnv, PostgresEnv, RedisEnv, HttpEnv], {
      env: { ...VALID, KAFKA_SPOOL_MAX_BYTES: '10485760' },
      defaults: { HTTP_PORT: 8081 },
    });
    expect(config.get(KafkaEnv).KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9093']);
    expect(config.get(KafkaEnv).KAFKA_SPOOL_MAX_BYTES).toBe(10485760);
    expect(config.get(HttpEnv)).toMatchObject({
      HTTP_PORT: 8081,
      HTTP_HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      TRUSTED_PROXIES: ['10.0.0.0/8', '127.0.0.1', 'loopback'],
    });
    expect(config.get(RedisEnv).REDIS_KEY_PREFIX).toBe('cl:');
    expect(config.get(RedisEnv).REDIS_COMMAND_TIMEOUT_MS).toBe(500);
  });

  it('reads the Redis command timeout and refuses a non-number', () => {
    expect(
      validateEnv(RedisEnv, { ...VALID, REDIS_COMMAND_TIMEOUT_MS: '250' }).REDIS_COMMAND_TIMEOUT_MS,
    ).toBe(250);
    expect(() => validateEnv(RedisEnv, { ...VALID, REDIS_COMMAND_TIMEOUT_MS: 'soon' })).toThrow(
      /REDIS_COMMAND_TIMEOUT_MS: .*must be an integer number of milliseconds/,
    );
  });

  it('prefers the environment over the service default and ignores unrelated variables', () => {
    const http = validateEnv(HttpEnv, { HTTP_PORT: '9000', PATH: '/bin' }, { defaults: { HTTP_PORT: 8080 } });
    expect(http.HTTP_PORT).toBe(9000);
    expect(Object.keys(http)).not.toContain('PATH');
  });

  it('treats an empty variable as unset', () => {
    const http = validateEnv(HttpEnv, { HTTP_PORT: '', LOG_LEVEL: '' }, { defaults: { HTTP_PORT: 8082 } });
    expect(http).toMatchObject({ HTTP_PORT: 8082, LOG_LEVEL: 'info' });
  });

  it('throws one error naming every invalid variable of every class with its reason', () => {
    const error = configError(() =>
      loadConfig([KafkaEnv, PostgresEnv, RedisEnv, HttpEnv], {
        env: {
          KAFKA_BROKERS: 'k1:9092,not a broker',
          DATABASE_URL: 'mysql://x',
          HTTP_PORT: '70000',
          LOG_LEVEL: 'loud',
          TRUSTED_PROXIES: '10.0.0.0/99',
        },
      }),
    );
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
      'DATABASE_URL',
      'HTTP_PORT',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'REDIS_URL',
      'TRUSTED_PROXIES',
    ]);
    expect(error.message).toContain('Invalid configuration:\n');
    expect(error.message).toContain('  - KAFKA_BROKERS: must be a comma-separated list of host:port\n');
    expect(error.message).toContain('  - HTTP_PORT: must be an integer 1-65535');
    expect(error.message).toContain('  - REDIS_URL: is required');
    expect(error.message).toContain('  - DATABASE_URL: must be a postgres:// URL');
    expect(error.message).toContain(
      '  - LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    );
    expect(error.message).toContain('  - TRUSTED_PROXIES: must be a comma-separated list of IPs');
  });

  it('reports a non-numeric port rather than silently defaulting it', () => {
    const error = configError(() =>
      validateEnv(HttpEnv, { HTTP_PORT: 'eighty' }, { defaults: { HTTP_PORT: 1 } }),
    );
    expect(error.problems).toEqual([{ variable: 'HTTP_PORT', reasons: ['must be an integer 1-65535'] }]);
  });

  it('requires HTTP_PORT when the service gives no default', () => {
    const error = configError(() => validateEnv(HttpEnv, {}));
    expect(error.problems).toEqual([{ variable: 'HTTP_PORT', reasons: ['is required'] }]);
  });
});

describe('describeConfig', () => {
  it('redacts @Secret() variables and passwords inside URLs', () => {
    const config = loadConfig([SigningEnv, PostgresEnv, KafkaEnv], {
      env: { ...VALID, CLICK_ID_SECRETS: 'k2-newest,k1-older', PUBLIC_CLICK_BASE_URL: 'https://t.example' },
    });
    const described = config.describe();
    expect(described).toEqual({
      CLICK_ID_SECRETS: REDACTED,
      PUBLIC_CLICK_BASE_URL: 'https://t.example',
      DATABASE_URL: `postgres://app:${REDACTED}@db:5432/clickledger`,
      KAFKA_BROKERS: 'k1:9092,k2:9093',
    });
    expect(JSON.stringify(described)).not.toMatch(/s3cret|k2-newest|k1-older/);
  });

  it('describes a single instance too', () => {
    const signing = validateEnv(SigningEnv, { CLICK_ID_SECRETS: 'x', PUBLIC_CLICK_BASE_URL: 'y' });
    expect(describeConfig(signing)).toEqual({ CLICK_ID_SECRETS: REDACTED, PUBLIC_CLICK_BASE_URL: 'y' });
  });

  it('leaves URLs without a password alone', () => {
    expect(maskUrlPasswords('redis://127.0.0.1:6379/1')).toBe('redis://127.0.0.1:6379/1');
    expect(maskUrlPasswords('rediss://:pw@cache:6380')).toBe(`rediss://:${REDACTED}@cache:6380`);
  });
});
