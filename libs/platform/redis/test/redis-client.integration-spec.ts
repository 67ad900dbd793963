import { testInfrastructure, uniqueSuffix } from '@clickledger/testing';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { closeRedisClient, createRedisClient } from '../src/redis-client.factory';
import { redisReadinessCheck } from '../src/redis.health';
import { REDIS_CLIENT, RedisModule } from '../src/redis.module';

describe('Redis client (real Redis)', () => {
  const { redisUrl } = testInfrastructure();
  const prefix = `test:${uniqueSuffix()}:`;
  let client: Redis;
  let raw: Redis;

  beforeAll(() => {
    client = createRedisClient({ url: redisUrl, keyPrefix: prefix, connectionName: 'platform-redis-test' });
    raw = new Redis(redisUrl);
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
    await client.ping(); // connected, so commands go to the pipeline rather than the offline queue
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
    await client.set('module-key', '1', 'EX', 60);
    expect(await client.get('module-key')).toBe('1');
    await client.del('module-key');
    await app.close();
    expect(client.status).toBe('end');
  });
});
