import fc from 'fast-check';
import { headerObjectOf } from '@clickledger/platform-http';
import { answerHeaders, type PostbackAnswer } from './postback-outcome';
import { rawAnswerOf } from './postback.route';

describe('rawAnswerOf', () => {
  it("writes an accepted postback's answer as the generic path would: same headers, same JSON", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string({ unit: 'binary' })), (id) => {
        const answer: PostbackAnswer = { statusCode: 200, body: { status: 'accepted', id } };
        const raw = rawAnswerOf(answer);
        expect(raw.statusCode).toBe(200);
        expect(raw.body).toBe(JSON.stringify(answer.body));
        expect(headerObjectOf(raw.headers)).toEqual({
          'content-type': 'application/json; charset=utf-8',
          ...answerHeaders(answer),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('answers a rejection with its reason in JSON and a 503 with Retry-After', () => {
    const rejected = rawAnswerOf({
      statusCode: 400,
      body: { status: 'rejected', reason: 'missing-click-id', message: 'no "cid"', id: 'p-1' },
    });
    expect(JSON.parse(rejected.body ?? '')).toEqual({
      status: 'rejected',
      reason: 'missing-click-id',
      message: 'no "cid"',
      id: 'p-1',
    });
    const unavailable = rawAnswerOf({
      statusCode: 503,
      retryAfterSeconds: 5,
      body: { status: 'unavailable', message: 'retry later' },
    });
    expect(headerObjectOf(unavailable.headers)).toMatchObject({
      'retry-after': '5',
      'cache-control': 'no-store',
    });
  });
});
