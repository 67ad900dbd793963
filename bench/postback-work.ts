/**
 * The postback ingress's own work per postback, without HTTP or Kafka: the query parsed, the
 * network's IP resolved behind a trusted proxy, then ReceivePostbackService.receive (click ID
 * verified, parameters read, the accepted event built and serialised) handing its message to a
 * sink that acknowledges at once. The part of `npm run bench -- postback`'s CPU per request that is
 * the service's own code; CPU µs per postback, 64 in flight as under wrk -c64.
 *   npm run bench -- postback-work [--postbacks 200000] [--rounds 5]
 */
import { Registry } from 'prom-client';
import { ClientIpResolver } from '@clickledger/platform-http';
import {
  EventPublisher,
  type DurablePublisher,
  type OutgoingMessage,
  type PublishReceipt,
} from '@clickledger/platform-kafka';
import { ClickIdCodec } from '@clickledger/tracking';
import type { IngressEnv } from '../services/postback-ingress/src/ingress.env';
import { PostbackEventsPublisher } from '../services/postback-ingress/src/postbacks/postback-events.publisher';
import { postbackParams } from '../services/postback-ingress/src/postbacks/postback-params';
import { PostbackMetrics } from '../services/postback-ingress/src/postbacks/postback.metrics';
import { ReceivePostbackService } from '../services/postback-ingress/src/postbacks/receive-postback.service';
import { measureWorkRounds, workRoundsOptions } from './lib/work-rounds';

const OPTIONS = workRoundsOptions('postback-work', 'postbacks');
const SECRET = 'bench-secret-0123456789abcdef0123';

const ACKED: PublishReceipt = { status: 'acked' };

async function main(): Promise<void> {
  let bytes = 0;
  let events = 0;
  const sink = {
    // Acknowledged a microtask later, as a resolved promise would have been.
    deliver(message: OutgoingMessage, durable: (receipt: PublishReceipt) => void): void {
      bytes += typeof message.value === 'string' ? message.value.length : 0;
      events += 1;
      queueMicrotask(() => {
        durable(ACKED);
      });
    },
  };
  const env = { CLICK_ID_SECRETS: [SECRET], CLICK_ID_MAX_AGE_DAYS: 90 } as unknown as IngressEnv;
  const acceptedEvents = new PostbackEventsPublisher(
    new EventPublisher(sink),
    sink as unknown as DurablePublisher,
  );
  const service = new ReceivePostbackService(env, acceptedEvents, new PostbackMetrics(new Registry()));
  const proxies = new ClientIpResolver(['loopback']);
  // Fresh signed click IDs, as the postback bench's wrk script sends them.
  const codec = new ClickIdCodec([SECRET]);
  const clickIds = Array.from({ length: 4096 }, () => codec.generate());

  const postback = async (n: number): Promise<void> => {
    const url = `/postback?cid=${clickIds[n & 4095] ?? ''}&payout=1.25&txid=w-0-${String(n)}`;
    const answer = await service.receive({
      params: postbackParams(url),
      sourceIp: proxies.resolve('127.0.0.1', '198.51.100.7'),
      correlationId: '00000000-0000-4000-8000-0000000000cc',
    });
    if (answer.statusCode !== 200)
      throw new Error(`the bench postback was answered ${String(answer.statusCode)}`);
  };

  console.log(
    `postback-work: ${String(OPTIONS.count)} postbacks per round, ${String(OPTIONS.inFlight)} in flight`,
  );
  await measureWorkRounds('postback', OPTIONS, postback);
  console.log(`${String(Math.round(bytes / Math.max(1, events)))} bytes per event`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
