import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsString } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { KafkaEnv } from './kafka.env';
import { loadConfig } from './load-config';
import { DEVELOPMENT_SECRETS } from './placeholder-secrets';
import { PostgresEnv } from './postgres.env';
import { RedisEnv } from './redis.env';
import { Secret } from './secret.decorator';
import { ToList } from './env-transforms';

class TokenEnv {
  @Secret()
  @IsString()
  API_TOKEN!: string;

  @Secret()
  @ToList()
  @IsString({ each: true })
  CLICK_ID_SECRETS!: string[];
}

const ROOT = join(__dirname, '../../../..');
const REAL = {
  API_TOKEN: 'a1b2c3d4e5f6a7b8c9d0',
  CLICK_ID_SECRETS: 'f00dfeedcafebabe0001',
  DATABASE_URL: 'postgres://app:s3cret@db:5432/clickledger',
  REDIS_URL: 'redis://:s3cret@cache:6379/0',
  KAFKA_BROKERS: 'k1:9092',
};
const ALL = [TokenEnv, PostgresEnv, RedisEnv, KafkaEnv];

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(ALL, { env });
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return Object.fromEntries(
      error.problems.map((problem) => [problem.variable, problem.reasons.join('; ')]),
    );
  }
  return {};
}

describe('placeholder and development secrets (issue 12, item 9)', () => {
  it('accepts real values in production', () => {
    expect(problemsOf({ ...REAL, NODE_ENV: 'production' })).toEqual({});
    expect(problemsOf(REAL)).toEqual({});
  });

  it("refuses the k8s example's CHANGE-ME placeholders outside development, naming each variable", () => {
    const secretYaml = readFileSync(join(ROOT, 'infra/k8s/secret.yaml'), 'utf8');
    const value = (name: string): string =>
      new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(secretYaml)?.[1] ?? '';
    const env = {
      ...REAL,
      API_TOKEN: value('API_TOKEN'),
      CLICK_ID_SECRETS: value('CLICK_ID_SECRETS'),
      DATABASE_URL: value('DATABASE_URL'),
      REDIS_URL: value('REDIS_URL'),
    };
    expect(env.API_TOKEN).toMatch(/CHANGE-ME/);
    const problems = problemsOf(env);
    expect(Object.keys(problems).sort()).toEqual([
      'API_TOKEN',
      'CLICK_ID_SECRETS',
      'DATABASE_URL',
      'REDIS_URL',
    ]);
    expect(problems.API_TOKEN).toMatch(/CHANGE-ME placeholder; set a secret of your own/);
    expect(problems.API_TOKEN).toMatch(/NODE_ENV=development/);
    // The message never repeats the value (it may be a real password beside the placeholder).
    expect(JSON.stringify(problems)).not.toMatch(/example\.internal/);
  });

  it("refuses the development stack's own defaults outside development, and they are all listed", () => {
    for (const file of ['scripts/lib.sh', 'docker-compose.yml']) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const defaults = [...text.matchAll(/\$\{(?:API_TOKEN|CLICK_ID_SECRETS):-([^}]+)\}/g)].map((m) => m[1]);
      expect(defaults.length).toBeGreaterThan(0);
      for (const secret of defaults) expect(DEVELOPMENT_SECRETS).toContain(secret);
    }
    expect(problemsOf({ ...REAL, API_TOKEN: 'dev-token', NODE_ENV: 'production' })).toEqual({
      API_TOKEN: expect.stringMatching(/is a development secret from this repository/) as string,
    });
    expect(
      Object.keys(
        problemsOf({ ...REAL, CLICK_ID_SECRETS: `newer-real-secret-01,${DEVELOPMENT_SECRETS[1]}` }),
      ),
    ).toEqual(['CLICK_ID_SECRETS']);
  });

  it.each(['development', 'test'])('accepts them under NODE_ENV=%s', (nodeEnv) => {
    expect(
      problemsOf({
        ...REAL,
        API_TOKEN: 'dev-token',
        DATABASE_URL: 'postgres://a:CHANGE-ME@db/x',
        NODE_ENV: nodeEnv,
      }),
    ).toEqual({});
  });
});
