/**
 * The click service's own work per redirect, without sockets or Kafka: the request's head read as
 * the hot lane reads it, the campaign link parsed, the visitor's IP resolved through a trusted
 * proxy, then RecordClickService.record (offer picked, click ID minted, offer URL filled, device
 * parsed, the event built and serialised) handing its message to a sink that acknowledges at once.
 * What `npm run bench -- click` cannot separate from Node's HTTP stack and kafkajs; CPU µs per
 * click, 64 clicks in flight as under wrk -c64.
 *   npm run bench -- click-work [--clicks 200000] [--rounds 5]
 */
import type { Socket } from 'node:net';
import type { CampaignConfigData } from '@clickledger/contracts';
import { ClientIpResolver } from '@clickledger/platform-http';
import { EventPublisher, type OutgoingMessage, type PublishReceipt } from '@clickledger/platform-kafka';
import { plainRequest } from '../libs/platform/http/src/app/hot-lane';
import { CampaignCatalog } from '../services/click/src/campaigns/campaign-catalog';
import type { ClickEnv } from '../services/click/src/click.env';
import { RecordClickService } from '../services/click/src/clicks/record-click.service';
import { campaignLinkOf } from '../services/click/src/clicks/redirect.route';
import { measureWorkRounds, workRoundsOptions } from './lib/work-rounds';

const OPTIONS = workRoundsOptions('click-work', 'clicks');
const KEY = 'bench-work';
const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** The click bench's campaign (bench/click.ts): two offers, a source with cost and one variable. */
const CONFIG: CampaignConfigData = {
  campaignId: '00000000-0000-4000-8000-00000000c001',
  campaignKey: KEY,
  status: 'active',
  trafficSource: {
    id: '00000000-0000-4000-8000-00000000c002',
    externalIdParam: 'clickid',
    costParam: 'cost',
    variables: { var1: 'zone' },
  },
  offers: [
    {
      offerId: '00000000-0000-4000-8000-00000000c003',
      weight: 3,
      url: 'https://offers.example/o?id=7&s2={clickid}&zone={var1}&ext={externalid}',
      affiliateNetworkId: '00000000-0000-4000-8000-00000000c004',
      clickIdParam: 's2',
      appendClickId: true,
      currency: 'USD',
    },
    {
      offerId: '00000000-0000-4000-8000-00000000c005',
      weight: 1,
      url: 'https://offers.example/b?sub1={clickid}&os={os}',
      affiliateNetworkId: '00000000-0000-4000-8000-00000000c004',
      clickIdParam: 'sub1',
      appendClickId: true,
      currency: 'USD',
    },
  ],
  updatedAt: new Date().toISOString(),
};

const ACKED: PublishReceipt = { status: 'acked' };
/** The lane keeps the request's socket on it; nothing here reads it. */
const SOCKET = null as unknown as Socket;

async function main(): Promise<void> {
  const catalog = new CampaignCatalog();
  catalog.apply(KEY, CONFIG);
  catalog.markLoaded();
  let bytes = 0;
  const sink = {
    // Acknowledged a microtask later, as a resolved promise would have been.
    deliver(message: OutgoingMessage, durable: (receipt: PublishReceipt) => void): void {
      bytes += typeof message.value === 'string' ? message.value.length : 0;
      queueMicrotask(() => {
        durable(ACKED);
      });
    },
  };
  const env = { CLICK_ID_SECRETS: ['bench-secret-0123456789abcdef0123'] } as unknown as ClickEnv;
  const service = new RecordClickService(env, catalog, new EventPublisher(sink), null);
  const proxies = new ClientIpResolver(['loopback']);

  const click = async (n: number): Promise<void> => {
    // The request's head as the hot lane reads it (plainRequest): its URL and header values are
    // views into the head, as in the service. A traffic source's click ID of 32 characters, as
    // theirs usually are; a visitor address behind the local proxy.
    const x = (Math.imul(n + 1, 2654435761) >>> 0) % 0xdf000000;
    const visitor = `${String(x >>> 24)}.${String((x >>> 16) & 255)}.${String((x >>> 8) & 255)}.${String(x & 255)}`;
    const request = plainRequest(
      `GET /c/${KEY}?clickid=${String(n).padStart(32, '0')}&zone=${String(n % 50)}&cost=0.01 HTTP/1.1\r\n` +
        `Host: clicks.example\r\nUser-Agent: ${USER_AGENT}\r\nX-Forwarded-For: ${visitor}`,
      SOCKET,
    );
    if (request === undefined) throw new Error('the hot lane refused the bench request');
    const link = campaignLinkOf(request.url);
    const outcome = await service.record({
      campaignKey: link.key,
      query: link.query,
      ip: proxies.resolve('127.0.0.1', request.headers['x-forwarded-for']),
      userAgent: request.headers['user-agent'],
      correlationId: '00000000-0000-4000-8000-0000000000cc',
    });
    if (outcome.found !== true) throw new Error('the bench campaign was not found');
  };

  console.log(
    `click-work: ${String(OPTIONS.count)} clicks per round, ${String(OPTIONS.inFlight)} in flight, GeoIP off`,
  );
  await measureWorkRounds('click', OPTIONS, click);
  console.log(`${String(Math.round(bytes / ((OPTIONS.rounds + 1) * OPTIONS.count)))} bytes per event`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
