import { KeyedSerialQueue } from './keyed-serial-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('KeyedSerialQueue', () => {
  it('runs tasks of one key in order, one at a time, even when one fails', async () => {
    const queue = new KeyedSerialQueue();
    const order: string[] = [];
    const gate = deferred();
    const first = queue.run('a', async () => {
      await gate.promise;
      order.push('a1');
      throw new Error('boom');
    });
    const second = queue.run('a', () => {
      order.push('a2');
      return Promise.resolve(2);
    });
    const other = queue.run('b', () => {
      order.push('b1');
      return Promise.resolve(1);
    });
    await other;
    expect(order).toEqual(['b1']);
    gate.resolve();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });
});
