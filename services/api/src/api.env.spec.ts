import { ConfigValidationError, DatabaseSchemaEnv, loadConfig } from '@clickledger/platform-config';
import { ApiEnv } from './api.env';

describe('ApiEnv', () => {
  it('refuses to start without a token, naming it and how to set it', () => {
    expect(() => loadConfig([ApiEnv], { env: {} })).toThrow(ConfigValidationError);
    expect(() => loadConfig([ApiEnv], { env: { API_TOKEN: '' } })).toThrow(/API_TOKEN: is required/);
  });

  it('names every invalid variable', () => {
    let message = '';
    try {
      loadConfig([ApiEnv, DatabaseSchemaEnv], {
        env: { API_TOKEN: 'short', PUBLIC_CLICK_BASE_URL: 'ftp://x', DATABASE_SCHEMA: 'Public; drop' },
      });
    } catch (error) {
      message = String(error);
    }
    for (const variable of ['API_TOKEN', 'PUBLIC_CLICK_BASE_URL', 'DATABASE_SCHEMA'])
      expect(message).toContain(variable);
  });

  it('refuses the development token outside development, saying what to set', () => {
    expect(() => loadConfig([ApiEnv], { env: { API_TOKEN: 'dev-token', NODE_ENV: 'production' } })).toThrow(
      /API_TOKEN: is a development secret from this repository; set a secret of your own/,
    );
  });

  it('defaults the public URLs and the schema', () => {
    const config = loadConfig([ApiEnv, DatabaseSchemaEnv], {
      env: { API_TOKEN: 'dev-token', NODE_ENV: 'development' },
    });
    expect(config.get(ApiEnv)).toMatchObject({
      PUBLIC_CLICK_BASE_URL: 'http://127.0.0.1:8080',
      PUBLIC_POSTBACK_BASE_URL: 'http://127.0.0.1:8081',
    });
    expect(config.get(ApiEnv).POSTBACK_KEY).toBeUndefined();
    expect(config.get(DatabaseSchemaEnv).DATABASE_SCHEMA).toBe('public');
  });
});
