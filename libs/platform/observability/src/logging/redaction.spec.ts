import { Writable } from 'node:stream';
import pino from 'pino';
import { runWithCorrelationId } from '../correlation/correlation-context';
import { pinoOptions } from './logger-options';
import { redactUrl } from './redaction';

function captureLogger(): {
  logger: pino.Logger;
  raw: () => string[];
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino(pinoOptions({ service: 'test', level: 'info' }), sink);
  return {
    logger,
    raw: () => chunks.join('').split('\n'),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('redaction', () => {
  it('masks secret query parameters in URLs and keeps the rest', () => {
    expect(redactUrl('/postback?cid=01J&key=hunter2&payout=1')).toBe(
      '/postback?cid=01J&key=[redacted]&payout=1',
    );
    expect(redactUrl('/x?token=abc')).toBe('/x?token=[redacted]');
    expect(redactUrl('/c/abc?monkey=1')).toBe('/c/abc?monkey=1');
  });

  it('redacts credentials in logged objects', () => {
    const { logger, lines } = captureLogger();
    logger.info({ req: { headers: { authorization: 'Bearer t0k', cookie: 'sid=1', host: 'h' } } }, 'in');
    logger.info({ db: { password: 'pw' } }, 'db');
    const [first, second] = lines();
    expect(first.req).toEqual({ headers: { authorization: '[redacted]', cookie: '[redacted]', host: 'h' } });
    expect(second.db).toEqual({ password: '[redacted]' });
    expect(JSON.stringify(lines())).not.toMatch(/t0k|sid=1|"pw"/);
  });

  it('adds the current correlation id to every line, once', () => {
    const { logger, lines, raw } = captureLogger();
    runWithCorrelationId('corr-1', () => {
      logger.info('root');
      logger.child({ correlationId: 'corr-1' }).info('bound child');
    });
    logger.info('outside');
    const [root, child, outside] = lines();
    expect(root.correlationId).toBe('corr-1');
    expect(child.correlationId).toBe('corr-1');
    expect(outside).not.toHaveProperty('correlationId');
    expect(root).toMatchObject({ service: 'test', level: 'info' });
    expect(raw()[1].match(/"correlationId"/g)).toHaveLength(1);
  });
});
