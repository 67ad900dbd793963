import { createServer, type AddressInfo, type Socket } from 'node:net';
import { testInfrastructure } from '@clickledger/testing';
import { createKafkaClient, kafkaReadinessCheck } from '../src';

describe('kafkaReadinessCheck', () => {
  it('resolves while the broker answers, repeatedly on one connection', async () => {
    const check = kafkaReadinessCheck(
      createKafkaClient({ brokers: testInfrastructure().kafkaBrokers, clientId: 'readiness-test' }),
      2000,
    );
    try {
      expect(check.name).toBe('kafka');
      await expect(check.check()).resolves.toBeUndefined();
      await expect(check.check()).resolves.toBeUndefined();
    } finally {
      await check.close();
    }
  });

  it('rejects within its timeout when the broker accepts connections but does not answer', async () => {
    // A socket that accepts and then stays silent: what a hung broker looks like to a client.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const check = kafkaReadinessCheck(
      createKafkaClient({ brokers: [`127.0.0.1:${String(port)}`], clientId: 'readiness-test', retries: 0 }),
      300,
    );
    try {
      const startedAt = Date.now();
      await expect(check.check()).rejects.toThrow('Kafka readiness check did not complete within 300 ms');
      expect(Date.now() - startedAt).toBeLessThan(1500);
      await expect(check.check()).rejects.toThrow('within 300 ms');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
      await check.close();
    }
  });
});
