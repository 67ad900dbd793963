import type { Kafka, Producer } from 'kafkajs';
import { dlqTopicName } from '@clickledger/contracts';
import { eventually, testInfrastructure, uniqueGroup, uniqueTopic } from '@clickledger/testing';
import {
  batchedFetch,
  ConsumerRunner,
  createKafkaClient,
  DEAD_LETTER_HEADERS,
  PoisonMessageError,
  type ConsumedMessage,
  type ConsumerRunnerOptions,
  type DecodeResult,
  type IncomingMessage,
} from '../src';
import { createTopic, readTopic } from './kafka-test-kit';

interface Event {
  readonly n: number;
}

const decodeEvent = (message: IncomingMessage): DecodeResult<Event> => {
  const parsed = JSON.parse(message.value?.toString() ?? '') as unknown;
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Event).n !== 'number') {
    return { ok: false, error: 'value is not an event: n must be a number' };
  }
  return { ok: true, value: parsed as Event };
};

const numbers = (messages: readonly ConsumedMessage<Event>[]): number[] => messages.map((m) => m.value.n);

describe('ConsumerRunner', () => {
  let kafka: Kafka;
  let producer: Producer;
  let topic: string;
  let groupId: string;
  const runners: ConsumerRunner<Event>[] = [];

  beforeAll(async () => {
    kafka = createKafkaClient({
      brokers: testInfrastructure().kafkaBrokers,
      clientId: 'consumer-runner-test',
    });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  beforeEach(async () => {
    topic = uniqueTopic('runner');
    groupId = uniqueGroup('runner');
    await createTopic(kafka, topic, 1);
    await createTopic(kafka, dlqTopicName(topic), 1);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });

  const produce = async (values: readonly string[]): Promise<void> => {
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((value, i) => ({ key: `k${String(i)}`, value })),
    });
  };

  const startRunner = async (
    overrides: Partial<ConsumerRunnerOptions<Event>> & Pick<ConsumerRunnerOptions<Event>, 'handle'>,
  ): Promise<ConsumerRunner<Event>> => {
    const runner = new ConsumerRunner<Event>({
      kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      decode: decodeEvent,
      retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      maxWaitTimeMs: 250,
      ...overrides,
    });
    runners.push(runner);
    await runner.start();
    return runner;
  };

  /** The group's committed offset of partition 0, -1 when nothing was committed. */
  const committedOffset = async (): Promise<number> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const entry = (await admin.fetchOffsets({ groupId, topics: [topic] })).at(0);
      return Number(entry?.partitions.at(0)?.offset ?? -1);
    } finally {
      await admin.disconnect();
    }
  };

  it('hands valid messages to the handler, dead-letters invalid ones with the error, commits after', async () => {
    await produce(['{"n":1}', 'not json', '{"n":2}', '{"x":3}', '{"n":4}']);
    const handled: number[] = [];
    const runner = await startRunner({
      handle: async (messages) => {
        handled.push(...numbers(messages));
        await Promise.resolve();
      },
    });

    await eventually(async () => {
      expect(await committedOffset()).toBe(5);
    });
    expect(handled).toEqual([1, 2, 4]);
    expect(runner.stats()).toMatchObject({ handled: 3, deadLettered: 2, retries: 0 });

    const letters = await readTopic(kafka, dlqTopicName(topic), 2);
    expect(letters.map((letter) => letter.value).sort()).toEqual(['not json', '{"x":3}'].sort());
    const byValue = new Map(letters.map((letter) => [letter.value, letter]));
    expect(byValue.get('not json')?.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.originalTopic]: topic,
      [DEAD_LETTER_HEADERS.originalPartition]: '0',
      [DEAD_LETTER_HEADERS.originalOffset]: '1',
    });
    expect(byValue.get('not json')?.headers[DEAD_LETTER_HEADERS.error]).toContain('SyntaxError');
    expect(byValue.get('{"x":3}')?.headers[DEAD_LETTER_HEADERS.error]).toBe(
      'value is not an event: n must be a number',
    );
    expect(byValue.get('{"x":3}')?.key).toBe('k3');
  });

  /** Sends `count` messages one at a time, `gapMs` apart, and counts the batches they came in. */
  const batchesOf = async (count: number, gapMs: number, waitMs: number): Promise<number> => {
    const batches: number[][] = [];
    await startRunner({
      ...batchedFetch(waitMs),
      handle: async (messages) => {
        batches.push(numbers(messages));
        await Promise.resolve();
      },
    });
    for (let n = 1; n <= count; n += 1) {
      await produce([`{"n":${String(n)}}`]);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    await eventually(() => {
      expect(batches.flat()).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    });
    return batches.length;
  };

  it('with batchedFetch, gathers messages that trickle in into one or two batches', async () => {
    // Ten messages over ~250 ms, the broker holding each fetch up to 1.5 s for 64 KiB: the fetch in
    // flight when the first arrives may end before the last; the next one takes the rest.
    // A third batch only when a loaded box spreads the sends past one fetch window.
    expect(await batchesOf(10, 25, 1500)).toBeLessThanOrEqual(3);
  });

  it('without a batch wait, hands messages on as they come, a batch each at a low rate', async () => {
    expect(await batchesOf(10, 25, 0)).toBeGreaterThanOrEqual(4);
  });

  it('retries a transient handler error with back-off, then commits once it succeeds', async () => {
    await produce(['{"n":1}', '{"n":2}']);
    let calls = 0;
    const succeeded: number[] = [];
    const runner = await startRunner({
      handle: async (messages) => {
        calls += 1;
        await Promise.resolve();
        if (calls <= 2) throw new Error('database is restarting');
        succeeded.push(...numbers(messages));
      },
    });

    await eventually(async () => {
      expect(await committedOffset()).toBe(2);
    });
    expect(calls).toBe(3);
    expect(succeeded).toEqual([1, 2]);
    expect(runner.stats()).toMatchObject({ retries: 2, handled: 2, deadLettered: 0, state: 'running' });
  });

  it('stops without committing when retries run out, so the batch is redelivered to the next consumer', async () => {
    await produce(['{"n":1}', '{"n":2}', '{"n":3}']);
    const fatal: unknown[] = [];
    const failing = await startRunner({
      handle: async () => {
        await Promise.resolve();
        throw new Error('handler crashed mid-batch');
      },
      onFatalError: (error) => fatal.push(error),
    });
    await eventually(() => {
      expect(failing.state).toBe('failed');
    });
    expect(fatal).toHaveLength(1);
    expect(String(failing.failure)).toContain('handler crashed mid-batch');
    await failing.stop();
    expect(await committedOffset()).toBe(-1);

    const redelivered: number[] = [];
    await startRunner({
      handle: async (messages) => {
        redelivered.push(...numbers(messages));
        await Promise.resolve();
      },
    });
    await eventually(async () => {
      expect(await committedOffset()).toBe(3);
    });
    expect(redelivered).toEqual([1, 2, 3]);
  });

  it('with keep-retrying, reports a stalled partition, retries past the attempts and heals by itself', async () => {
    await produce(['{"n":1}', '{"n":2}']);
    let dependencyUp = false;
    const events: string[] = [];
    const handled: number[] = [];
    const runner = await startRunner({
      onRetriesExhausted: 'keep-retrying',
      onStalled: ({ partition }, error) => events.push(`stalled ${String(partition)}: ${String(error)}`),
      onRecovered: ({ partition }) => events.push(`recovered ${String(partition)}`),
      handle: async (messages) => {
        await Promise.resolve();
        if (!dependencyUp) throw new Error('database is down');
        handled.push(...numbers(messages));
      },
    });

    // Past the 3 attempts: stalled, still running, nothing committed.
    await eventually(() => {
      expect(runner.stats().retries).toBeGreaterThanOrEqual(4);
    });
    expect(events).toEqual(['stalled 0: Error: database is down']);
    expect(runner.state).toBe('running');
    expect(await committedOffset()).toBe(-1);

    dependencyUp = true;
    await eventually(async () => {
      expect(await committedOffset()).toBe(2);
    });
    expect(handled).toEqual([1, 2]);
    expect(events).toEqual(['stalled 0: Error: database is down', 'recovered 0']);
    expect(runner.state).toBe('running');
  });

  it('dead-letters only the messages a handler names in a PoisonMessageError and handles the rest', async () => {
    await produce(['{"n":1}', '{"n":13}', '{"n":2}']);
    const handled: number[] = [];
    await startRunner({
      handle: async (messages) => {
        await Promise.resolve();
        const unlucky = messages.filter((m) => m.value.n === 13);
        if (unlucky.length > 0) throw new PoisonMessageError(unlucky, 'n=13 references an unknown campaign');
        handled.push(...numbers(messages));
      },
    });
    await eventually(async () => {
      expect(await committedOffset()).toBe(3);
    });
    expect(handled).toEqual([1, 2]);
    const letter = (await readTopic(kafka, dlqTopicName(topic), 1)).at(0);
    expect(letter?.value).toBe('{"n":13}');
    expect(letter?.headers[DEAD_LETTER_HEADERS.error]).toBe('n=13 references an unknown campaign');
  });

  it('with the dead-letter policy, moves a batch that exhausted its retries to the DLQ and goes on', async () => {
    await produce(['{"n":1}', '{"n":2}']);
    const runner = await startRunner({
      onRetriesExhausted: 'dead-letter',
      handle: async () => {
        await Promise.resolve();
        throw new Error('always fails');
      },
    });
    await eventually(async () => {
      expect(await committedOffset()).toBe(2);
    });
    expect(runner.stats()).toMatchObject({ state: 'running', deadLettered: 2, retries: 2 });
    const letters = await readTopic(kafka, dlqTopicName(topic), 2);
    expect(letters.map((letter) => letter.headers[DEAD_LETTER_HEADERS.error])).toEqual([
      'Error: always fails',
      'Error: always fails',
    ]);
  });

  describe('gathering the small batches of one fetch (gatherUpTo)', () => {
    const PARTITIONS = 3;

    beforeEach(async () => {
      topic = uniqueTopic('runner-gather');
      await createTopic(kafka, topic, PARTITIONS);
      await createTopic(kafka, dlqTopicName(topic), 1);
    });

    /** One message per partition, in one request: the runner's first fetch holds all three. */
    const produceOnePerPartition = async (values: readonly string[]): Promise<void> => {
      await producer.send({
        topic,
        acks: -1,
        messages: values.map((value, partition) => ({ key: `k${String(partition)}`, value, partition })),
      });
    };

    const committedOffsets = async (): Promise<number[]> => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const entry = (await admin.fetchOffsets({ groupId, topics: [topic] })).at(0);
        return (entry?.partitions ?? [])
          .slice()
          .sort((a, b) => a.partition - b.partition)
          .map((partition) => Number(partition.offset));
      } finally {
        await admin.disconnect();
      }
    };

    const startGathering = (
      handle: ConsumerRunnerOptions<Event>['handle'],
      gatherUpTo: number,
    ): Promise<ConsumerRunner<Event>> =>
      startRunner({ partitionsConsumedConcurrently: PARTITIONS, gatherUpTo, handle });

    it('hands one fetch’s partitions to the handler in one call and commits every offset', async () => {
      await produceOnePerPartition(['{"n":1}', '{"n":2}', '{"n":3}']);
      const calls: number[][] = [];
      const runner = await startGathering(async (messages) => {
        calls.push(numbers(messages));
        await Promise.resolve();
      }, 100);
      await eventually(async () => {
        expect(await committedOffsets()).toEqual([1, 1, 1]);
      });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.slice().sort()).toEqual([1, 2, 3]);
      expect(runner.stats()).toMatchObject({ handled: 3, batches: 3 });
    });

    it('without it, the same fetch is one handler call per partition', async () => {
      await produceOnePerPartition(['{"n":1}', '{"n":2}', '{"n":3}']);
      const calls: number[][] = [];
      await startGathering(async (messages) => {
        calls.push(numbers(messages));
        await Promise.resolve();
      }, 0);
      await eventually(async () => {
        expect(await committedOffsets()).toEqual([1, 1, 1]);
      });
      expect(calls).toHaveLength(3);
    });

    it('a batch larger than the bound is handled on its own', async () => {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          ...[1, 2, 3].map((n) => ({ value: `{"n":${String(n)}}`, partition: 0 })),
          { value: '{"n":4}', partition: 1 },
          { value: '{"n":5}', partition: 2 },
        ],
      });
      const calls: number[][] = [];
      await startGathering(async (messages) => {
        calls.push(numbers(messages));
        await Promise.resolve();
      }, 2);
      await eventually(async () => {
        expect(await committedOffsets()).toEqual([3, 1, 1]);
      });
      expect(calls.map((call) => call.slice().sort())).toEqual(
        expect.arrayContaining([
          [1, 2, 3],
          [4, 5],
        ]),
      );
      expect(calls).toHaveLength(2);
    });

    it('dead-letters what the gathered call names as poison and handles every other message once', async () => {
      await produceOnePerPartition(['{"n":1}', '{"n":13}', '{"n":2}']);
      const handled: number[] = [];
      const calls: number[][] = [];
      await startGathering(async (messages) => {
        calls.push(numbers(messages));
        await Promise.resolve();
        const unlucky = messages.filter((m) => m.value.n === 13);
        if (unlucky.length > 0) throw new PoisonMessageError(unlucky, 'n=13 references an unknown campaign');
        handled.push(...numbers(messages));
      }, 100);
      await eventually(async () => {
        expect(await committedOffsets()).toEqual([1, 1, 1]);
      });
      expect(handled.slice().sort()).toEqual([1, 2]);
      // The gathered call, then the two other partitions alone: the poison's is dead-lettered unhandled.
      expect(calls).toHaveLength(3);
      const letter = (await readTopic(kafka, dlqTopicName(topic), 1)).at(0);
      expect(letter?.value).toBe('{"n":13}');
      expect(letter?.headers[DEAD_LETTER_HEADERS.error]).toBe('n=13 references an unknown campaign');
    });

    describe('batches too large to gather, at most largeBatchesAtOnce at a time', () => {
      /** Three messages per partition, in one request: each partition's batch is too large to gather. */
      const produceThreePerPartition = async (): Promise<void> => {
        await producer.send({
          topic,
          acks: -1,
          messages: [0, 1, 2].flatMap((partition) =>
            [1, 2, 3].map((n) => ({ value: `{"n":${String(partition * 10 + n)}}`, partition })),
          ),
        });
      };

      /** A handler that records each call and how many of its calls overlapped at most. */
      const overlapRecorder = (fail?: (call: number) => boolean) => {
        const calls: number[][] = [];
        let running = 0;
        let most = 0;
        const handle: ConsumerRunnerOptions<Event>['handle'] = async (messages) => {
          calls.push(numbers(messages));
          running += 1;
          most = Math.max(most, running);
          try {
            await new Promise((resolve) => setTimeout(resolve, 150));
            if (fail?.(calls.length)) throw new Error('Postgres went away');
          } finally {
            running -= 1;
          }
        };
        return { calls, handle, most: () => most };
      };

      /** Three partitions' large batches consumed by a runner with this bound, until all are committed. */
      const consumeAll = async (
        handle: ConsumerRunnerOptions<Event>['handle'],
        largeBatchesAtOnce?: number,
      ): Promise<ConsumerRunner<Event>> => {
        await produceThreePerPartition();
        const runner = await startRunner({
          partitionsConsumedConcurrently: PARTITIONS,
          gatherUpTo: 2,
          ...(largeBatchesAtOnce === undefined ? {} : { largeBatchesAtOnce }),
          handle,
        });
        await eventually(async () => {
          expect(await committedOffsets()).toEqual([3, 3, 3]);
        });
        return runner;
      };

      it('with 1, hands the partitions’ batches over one at a time, each once', async () => {
        const recorder = overlapRecorder();
        await consumeAll(recorder.handle, 1);
        expect(recorder.most()).toBe(1);
        expect(recorder.calls.map((call) => call.slice().sort((a, b) => a - b)).sort()).toEqual([
          [1, 2, 3],
          [11, 12, 13],
          [21, 22, 23],
        ]);
      });

      it('without a limit, the same batches overlap', async () => {
        const recorder = overlapRecorder();
        await consumeAll(recorder.handle);
        expect(recorder.most()).toBeGreaterThan(1);
      });

      it('a batch backing off after a failure lets the waiting batches go first', async () => {
        const recorder = overlapRecorder((call) => call === 1);
        const runner = await consumeAll(recorder.handle, 1);
        const [failed, ...after] = recorder.calls;
        // The failed batch's retry comes after the two batches that waited while it ran.
        expect(after).toHaveLength(3);
        expect(after.at(-1)).toEqual(failed);
        expect(recorder.most()).toBe(1);
        expect(runner.stats()).toMatchObject({ handled: 9, retries: 1 });
      });
    });

    it('when the gathered call fails, handles each batch again on its own, with retries', async () => {
      await produceOnePerPartition(['{"n":1}', '{"n":2}', '{"n":3}']);
      const calls: number[][] = [];
      const runner = await startGathering(async (messages) => {
        calls.push(numbers(messages));
        await Promise.resolve();
        if (calls.length === 1) throw new Error('Postgres went away');
      }, 100);
      await eventually(async () => {
        expect(await committedOffsets()).toEqual([1, 1, 1]);
      });
      expect(calls[0]?.slice().sort()).toEqual([1, 2, 3]);
      expect(calls.slice(1).flat().sort()).toEqual([1, 2, 3]);
      expect(calls.slice(1)).toHaveLength(3);
      expect(runner.stats()).toMatchObject({ handled: 3, retries: 0 });
    });
  });

  it('stop() lets the batch in progress finish, commits it and leaves the group', async () => {
    await produce(['{"n":1}', '{"n":2}']);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const runner = await startRunner({
      handle: async () => {
        started = true;
        await released;
      },
    });
    await eventually(() => {
      expect(started).toBe(true);
    });

    const stopping = runner.stop();
    expect(runner.state).toBe('stopping');
    release();
    await stopping;

    expect(runner.state).toBe('stopped');
    expect(await committedOffset()).toBe(2);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]?.members).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
