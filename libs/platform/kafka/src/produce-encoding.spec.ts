import fc from 'fast-check';
import { originalKafkajsModule } from './kafkajs-module-cache';
import { PRODUCE_REQUEST_MODULE } from './record-encoding';
import {
  frameRequest,
  onePassProduceEncoding,
  produceRequest,
  REQUEST_FRAMING_MODULE,
  type KafkajsRequest,
  type ProduceRequestArgs,
} from './produce-encoding';

type Framing = (args: {
  correlationId: number;
  clientId?: string | null;
  request: KafkajsRequest;
}) => Promise<{ buffer: Buffer }>;

/** kafkajs's own produce request and framing, as their files define them (not the replacements). */
const kafkajsProduceRequest = originalKafkajsModule(PRODUCE_REQUEST_MODULE) as (
  args: ProduceRequestArgs,
) => KafkajsRequest;
const kafkajsFraming = originalKafkajsModule(REQUEST_FRAMING_MODULE) as Framing;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal Long, for producer ids
const Long = require('kafkajs/src/utils/long') as { fromString(text: string): unknown };

const payload = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);
const timestamp = fc.oneof(
  // kafkajs's producer sends decimal strings; ones of other lengths sort as text, not as numbers.
  fc.integer({ min: 0, max: 2 ** 45 }).map(String),
  fc.integer({ min: 0, max: 2 ** 45 }),
  fc.constantFrom(undefined, null),
);
const message = fc.record(
  {
    key: fc.option(payload, { nil: null }),
    value: fc.option(payload, { nil: null }),
    headers: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.oneof(payload, fc.array(payload, { minLength: 1, maxLength: 2 })),
      { maxKeys: 3 },
    ),
    timestamp,
  },
  { requiredKeys: [] },
);
const partition = fc.record(
  {
    partition: fc.nat({ max: 100 }),
    firstSequence: fc.nat({ max: 2 ** 31 - 1 }),
    messages: fc.array(message, { maxLength: 12 }),
  },
  { requiredKeys: ['partition', 'messages'] },
);
const request: fc.Arbitrary<ProduceRequestArgs> = fc.record(
  {
    acks: fc.constantFrom(-1, 0, 1),
    timeout: fc.nat({ max: 2 ** 31 - 1 }),
    transactionalId: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
    producerId: fc.oneof(
      fc.integer({ min: -1, max: 2 ** 31 - 1 }),
      fc.bigInt({ min: 0n, max: 2n ** 62n }).map((id) => Long.fromString(id.toString())),
    ),
    producerEpoch: fc.nat({ max: 32_767 }),
    topicData: fc.array(
      fc.record({
        topic: fc.string({ minLength: 1, maxLength: 40 }),
        partitions: fc.array(partition, { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['acks', 'timeout', 'topicData'] },
);

/** Both encoders read the clock for messages without a timestamp: one instant for both. */
function atFixedNow<T>(work: () => Promise<T>): Promise<T> {
  const now = jest.spyOn(Date, 'now').mockReturnValue(1_764_000_000_000);
  return work().finally(() => {
    now.mockRestore();
  });
}

const bytes = async (request: KafkajsRequest): Promise<Buffer> => (await request.encode()).buffer;

describe('produce requests written in one pass', () => {
  it('are what kafkajs encodes and frames produce requests with in this process', () => {
    expect(onePassProduceEncoding()).toBe(true);
    expect(kafkajsProduceRequest).not.toBe(produceRequest);
    expect(kafkajsFraming).not.toBe(frameRequest);
  });

  it("write kafkajs's own bytes for any uncompressed produce request", async () => {
    await fc.assert(
      fc.asyncProperty(request, (args) =>
        atFixedNow(async () => {
          const ours = produceRequest(args);
          const theirs = kafkajsProduceRequest(args);
          expect([ours.apiKey, ours.apiVersion, ours.apiName, ours.expectResponse()]).toEqual([
            theirs.apiKey,
            theirs.apiVersion,
            theirs.apiName,
            theirs.expectResponse(),
          ]);
          expect(await bytes(ours)).toEqual(await bytes(theirs));
        }),
      ),
      { numRuns: 400 },
    );
  });

  it("frame any request in kafkajs's own bytes, produce requests without copying their payload", async () => {
    const clientId = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom(null, undefined),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.nat(), clientId, (args, correlationId, id) =>
        atFixedNow(async () => {
          const request = produceRequest(args);
          const encoder = await request.encode();
          const payload = encoder.buffer;
          const encoded = { ...request, encode: () => Promise.resolve(encoder) };
          const ours = (await frameRequest({ correlationId, clientId: id, request: encoded })).buffer;
          const theirs = await kafkajsFraming({
            correlationId,
            clientId: id,
            request: kafkajsProduceRequest(args),
          });
          expect(ours).toEqual(theirs.buffer);
          // A client id within the room left: the header went in front of the payload, in its memory.
          if (Buffer.byteLength(id ?? '') <= 50) {
            expect(ours.buffer).toBe(payload.buffer);
            expect(ours.byteOffset + ours.length).toBe(payload.byteOffset + payload.length);
          }
        }),
      ),
      { numRuns: 300 },
    );
    // Any other request's payload (an Encoder of kafkajs's own) is copied behind the header.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal Encoder
    const Encoder = require('kafkajs/src/protocol/encoder') as new () => {
      writeBytes(value: Buffer): unknown;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.nat(),
        clientId,
        async (raw, correlationId, id) => {
          const payload = new Encoder();
          payload.writeBytes(Buffer.from(raw));
          const other = {
            apiKey: 1,
            apiVersion: 11,
            apiName: 'Fetch',
            expectResponse: () => true,
            encode: () => Promise.resolve(payload),
          } as unknown as KafkajsRequest;
          const ours = await frameRequest({ correlationId, clientId: id, request: other });
          const theirs = await kafkajsFraming({ correlationId, clientId: id, request: other });
          expect(ours.buffer).toEqual(theirs.buffer);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("leaves a compressed request to kafkajs's own encoder", async () => {
    const GZIP = 1;
    const args: ProduceRequestArgs = {
      acks: -1,
      timeout: 30_000,
      compression: GZIP,
      topicData: [
        {
          topic: 'compressed',
          partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v'.repeat(500), timestamp: '1' }] }],
        },
      ],
    };
    expect(await bytes(produceRequest(args))).toEqual(await bytes(kafkajsProduceRequest(args)));
  });
});
