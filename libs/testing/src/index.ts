export * from './eventually';
export * from './unique';
export * from './test-env';
export * from './kafka-collector';
export * from './local-broker';
export * from './local-redis';
export * from './socket-request';
