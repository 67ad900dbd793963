export * from './redis-client.factory';
export * from './redis.health';
export * from './redis.module';
