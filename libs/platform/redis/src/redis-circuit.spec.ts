import { RedisCircuit, RedisCircuitOpenError, redisFailureKind } from './redis-circuit';

describe('RedisCircuit', () => {
  it('passes calls through while Redis answers', async () => {
    const circuit = new RedisCircuit(1000, () => 0);
    await expect(circuit.run(() => Promise.resolve('v'))).resolves.toBe('v');
    expect(circuit.trouble).toBeUndefined();
  });

  it('skips Redis for the cool-down after a failure, then tries it again', async () => {
    let now = 10_000;
    const circuit = new RedisCircuit(1000, () => now);
    const calls: number[] = [];
    const failing = () => {
      calls.push(now);
      return Promise.reject(new Error('Command timed out'));
    };
    await expect(circuit.run(failing)).rejects.toThrow('Command timed out');
    now += 400;
    await expect(circuit.run(failing)).rejects.toBeInstanceOf(RedisCircuitOpenError);
    expect(calls).toEqual([10_000]);
    expect(circuit.trouble).toEqual({ error: 'Command timed out', sinceMs: 400 });
    now += 600;
    expect(circuit.trouble).toBeUndefined();
    await expect(circuit.run(() => Promise.resolve(1))).resolves.toBe(1);
  });

  it('labels failures with a bounded kind', () => {
    expect(redisFailureKind(new Error('Command timed out'))).toBe('timeout');
    expect(
      redisFailureKind(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).toBe('unavailable');
    expect(redisFailureKind(new RedisCircuitOpenError('x'))).toBe('circuit-open');
    expect(redisFailureKind(new Error('WRONGTYPE'))).toBe('error');
  });
});
