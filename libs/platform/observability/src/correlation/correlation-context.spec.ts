import {
  correlationHeaders,
  correlationIdFromHeaders,
  currentCorrelationId,
  runWithCorrelationFromHeaders,
  runWithCorrelationId,
} from './correlation-context';

describe('correlation context', () => {
  it('has no id outside a run', () => {
    expect(currentCorrelationId()).toBeUndefined();
    expect(correlationHeaders()).toEqual({});
  });

  it('keeps the id across awaits and timers, and isolates concurrent runs', async () => {
    const seen = await Promise.all(
      ['a-1', 'b-2', 'c-3'].map((id) =>
        runWithCorrelationId(id, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          await Promise.resolve();
          return [id, currentCorrelationId(), correlationHeaders()['x-correlation-id']];
        }),
      ),
    );
    for (const [expected, current, header] of seen) {
      expect(current).toBe(expected);
      expect(header).toBe(expected);
    }
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('nests: the inner run wins and the outer id comes back', () => {
    runWithCorrelationId('outer', () => {
      expect(runWithCorrelationId('inner', () => currentCorrelationId())).toBe('inner');
      expect(currentCorrelationId()).toBe('outer');
    });
  });
});

describe('correlationIdFromHeaders', () => {
  it('reads Kafka headers (Buffers) and HTTP headers (strings, arrays), case-insensitively', () => {
    expect(correlationIdFromHeaders({ 'x-correlation-id': Buffer.from('kafka-1') })).toBe('kafka-1');
    expect(correlationIdFromHeaders({ 'X-Correlation-Id': 'http-1' })).toBe('http-1');
    expect(correlationIdFromHeaders({ 'x-correlation-id': ['first', 'second'] })).toBe('first');
    expect(correlationIdFromHeaders({ 'x-correlation-id': [Buffer.from('buf-a')] })).toBe('buf-a');
  });

  it('looks up only the lower-case names when told the names are lower-cased (Node HTTP headers)', () => {
    expect(correlationIdFromHeaders({ 'x-correlation-id': 'http-2' }, true)).toBe('http-2');
    expect(correlationIdFromHeaders({ 'x-request-id': 'req-2' }, true)).toBe('req-2');
    expect(correlationIdFromHeaders({ 'X-Correlation-Id': 'mixed' }, true)).toBeUndefined();
  });

  it('falls back to x-request-id', () => {
    expect(correlationIdFromHeaders({ 'x-request-id': 'req-9' })).toBe('req-9');
    expect(correlationIdFromHeaders({ 'x-correlation-id': 'corr', 'x-request-id': 'req' })).toBe('corr');
  });

  it('rejects absent, oversized or unsafe ids', () => {
    expect(correlationIdFromHeaders(undefined)).toBeUndefined();
    expect(correlationIdFromHeaders({})).toBeUndefined();
    expect(correlationIdFromHeaders({ 'x-correlation-id': 'x'.repeat(129) })).toBeUndefined();
    expect(correlationIdFromHeaders({ 'x-correlation-id': 'a"b\nforged' })).toBeUndefined();
    expect(correlationIdFromHeaders({ 'x-correlation-id': '' })).toBeUndefined();
  });

  it('round-trips through headers into a consumer run', () => {
    const headers = runWithCorrelationId('from-http', () => correlationHeaders());
    const inConsumer = runWithCorrelationFromHeaders(
      Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, Buffer.from(value)])),
      () => currentCorrelationId(),
    );
    expect(inConsumer).toBe('from-http');
    const generated = runWithCorrelationFromHeaders({}, () => currentCorrelationId());
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });
});
