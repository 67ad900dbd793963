import { ConfigValidationError } from './config-validation.error';
import { HttpEnv } from './http.env';
import { validateEnv } from './validate-env';

const defaults = { defaults: { HTTP_PORT: 8081 } };

describe('HttpEnv connection bounds (CONTRACT §8)', () => {
  it('bounds every server by default', () => {
    expect(validateEnv(HttpEnv, {}, defaults)).toMatchObject({
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_CONNECTION_TIMEOUT_MS: 120_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 72_000,
      HTTP_MAX_CONNECTIONS: 10_000,
      HTTP_MAX_REQUESTS_PER_SOCKET: 0,
    });
  });

  it('reads each bound from the environment', () => {
    const http = validateEnv(
      HttpEnv,
      { HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_MAX_CONNECTIONS: '0' },
      defaults,
    );
    expect(http).toMatchObject({
      HTTP_REQUEST_TIMEOUT_MS: 5000,
      HTTP_HEADERS_TIMEOUT_MS: 2000,
      HTTP_MAX_CONNECTIONS: 0,
    });
  });

  it('refuses a header timeout longer than the request timeout, and non-numbers, naming them', () => {
    let error: unknown;
    try {
      validateEnv(
        HttpEnv,
        {
          HTTP_REQUEST_TIMEOUT_MS: '5000',
          HTTP_HEADERS_TIMEOUT_MS: '9000',
          HTTP_KEEP_ALIVE_TIMEOUT_MS: 'soon',
        },
        defaults,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.map((problem) => problem.variable).sort();
    expect(problems).toEqual(['HTTP_HEADERS_TIMEOUT_MS', 'HTTP_KEEP_ALIVE_TIMEOUT_MS']);
  });
});
