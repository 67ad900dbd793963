import { eventually, LocalRedis, testInfrastructure, uniqueSuffix } from '@clickledger/testing';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { closeRedisClient, createRedisClient, redisReady } from '../src/redis-client.factory';
import { RedisCircuit } from '../src/redis-circuit';
import { redisReadinessCheck } from '../src/redis.health';
import { REDIS_CLIENT, RedisModule } from '../src/redis.module';

describe('Redis client (real Redis)', () => {
  const { redisUrl } = testInfrastructure();
  const prefix = `test:${uniqueSuffix()}:`;
  let client: Redis;
  let raw: Redis;

  beforeAll(async () => {
    // The services' 500 ms command timeout is for a hung Redis (tested below on its own server);
    // here a CI box running every suite at once may stall 5,000 pipelined commands for longer.
    client = createRedisClient({
      url: redisUrl,
      keyPrefix: prefix,
      connectionName: 'platform-redis-test',
      commandTimeoutMs: 10_000,
    });
    raw = new Redis(redisUrl);
    await redisReady(client);
  });

  afterAll(async () => {
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
    await closeRedisClient(client);
    await closeRedisClient(raw);
  });

  it('stores keys under the prefix', async () => {
    await client.set('click:01ABC', 'v1');
    expect(await client.get('click:01ABC')).toBe('v1');
    expect(await raw.get(`${prefix}click:01ABC`)).toBe('v1');
    expect(await raw.get('click:01ABC')).toBeNull();
  });

  it('auto-pipelines many concurrent commands into batches and answers each correctly', async () => {
    const count = 5000;
    const writes = Array.from({ length: count }, (_, i) => client.set(`k:${i}`, String(i * 7)));
    // Issued in one tick: all wait in the auto-pipeline queue, to leave as one write.
    expect(client.autoPipelineQueueSize).toBe(count);
    await Promise.all(writes);
    const values = await Promise.all(Array.from({ length: count }, (_, i) => client.get(`k:${i}`)));
    expect(values).toEqual(Array.from({ length: count }, (_, i) => String(i * 7)));
    expect(await raw.get(`${prefix}k:4999`)).toBe(String(4999 * 7));
  });

  it('is ready when PING answers', async () => {
    await expect(redisReadinessCheck(client, 500).check()).resolves.toBeUndefined();
  });

  it('is not ready, at once and with the reason, when Redis is unreachable', async () => {
    const unreachable = createRedisClient({ url: 'redis://127.0.0.1:1', maxRetriesPerRequest: 0 });
    try {
      const started = Date.now();
      await expect(redisReadinessCheck(unreachable, 500).check()).rejects.toThrow(/not connected/);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await closeRedisClient(unreachable);
    }
  });
});

describe('Redis client against a hung server (its own redis-server, SIGSTOPped)', () => {
  const server = new LocalRedis(19796);
  let client: Redis;

  beforeAll(async () => {
    await server.start();
    client = createRedisClient({ url: server.url, commandTimeoutMs: 200 });
    await redisReady(client);
  });

  afterAll(async () => {
    await closeRedisClient(client);
    await server.stop();
  });

  it('fails commands within the timeout, drops the dead connection, fails fast meanwhile, and recovers', async () => {
    await client.set('k', 'before');
    server.hang();
    try {
      let started = Date.now();
      await expect(client.get('k')).rejects.toThrow(/Command timed out/);
      expect(Date.now() - started).toBeLessThan(1000);
      const circuit = new RedisCircuit(60_000);
      await expect(circuit.run(() => client.get('k'))).rejects.toThrow(/timed out/);
      const check = redisReadinessCheck(client, { timeoutMs: 300, critical: false, circuit });
      expect(check.critical).toBe(false);
      await expect(check.check()).rejects.toThrow(/slow or unavailable: Command timed out/);
      await expect(redisReadinessCheck(client, 300).check()).rejects.toThrow(/slow|not connected/);
      // Nothing answers for 2 × the timeout (min 1 s): the socket is dropped and, with no offline
      // queue, commands fail at once instead of piling up.
      await eventually(
        () => {
          expect(client.status).not.toBe('ready');
        },
        { timeoutMs: 5000 },
      );
      started = Date.now();
      await expect(client.get('k')).rejects.toThrow();
      // Refused at once, not queued until a timeout (bounded loosely: CI runs two suites at a time).
      expect(Date.now() - started).toBeLessThan(400);
    } finally {
      server.resume();
    }
    await redisReady(client, 15_000);
    expect(await client.get('k')).toBe('before');
    await expect(redisReadinessCheck(client, 1000).check()).resolves.toBeUndefined();
  });
});

describe('RedisModule', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('provides the client from options and closes it when the app closes', async () => {
    const prefix = `test:${uniqueSuffix()}:`;
    @Module({ imports: [RedisModule.forRoot({ url: testInfrastructure().redisUrl, keyPrefix: prefix })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule);
    app.enableShutdownHooks();
    const client = app.get<Redis>(REDIS_CLIENT);
    await redisReady(client);
    await client.set('module-key', '1', 'EX', 60);
    expect(await client.get('module-key')).toBe('1');
    await client.del('module-key');
    await app.close();
    expect(client.status).toBe('end');
  });
});
