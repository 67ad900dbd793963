export * from './redis-client.factory';
export * from './redis-circuit';
export * from './redis.health';
export * from './redis.module';
