import fc from 'fast-check';
import { Partitioners, type PartitionerArgs, type PartitionMetadata } from 'kafkajs';
import { keyHashPartitioner } from './key-hash-partitioner';

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));

describe('keyHashPartitioner', () => {
  // The partition of a key must not change when the service upgrades: events of one click stay
  // on one partition, in order. kafkajs's DefaultPartitioner is the reference (Kafka's Java
  // client's murmur2, https://kafka.js.org/docs/producing#default-partitioners).
  it("puts every keyed message on kafkajs's DefaultPartitioner's partition (any key, 1 to 64 partitions)", () => {
    const ours = keyHashPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const key = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 600 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
      fc.constantFrom('01M8STDN0775H60YDRMKXCYMEC', '5b39b62a-e009-4536-aaba-ebd063f56397', ''),
    );
    fc.assert(
      fc.property(key, fc.integer({ min: 1, max: 64 }), (k, count) => {
        const args: PartitionerArgs = {
          topic: 't',
          partitionMetadata: metadata(count),
          message: { key: k, value: 'v' },
        };
        expect(ours(args)).toBe(theirs(args));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps an explicit partition, and spreads unkeyed messages round-robin over partitions with a leader', () => {
    const partitioner = keyHashPartitioner();
    const partitions = metadata(4).map((p) => (p.partitionId === 2 ? { ...p, leader: -1 } : p));
    expect(
      partitioner({
        topic: 't',
        partitionMetadata: partitions,
        message: { key: 'k', partition: 3, value: '' },
      }),
    ).toBe(3);
    const chosen = Array.from({ length: 6 }, () =>
      partitioner({ topic: 't', partitionMetadata: partitions, message: { key: null, value: '' } }),
    );
    expect(new Set(chosen)).toEqual(new Set([0, 1, 3]));
  });
});
