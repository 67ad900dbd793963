/**
 * Traffic-source postbacks (CONTRACT §9), end to end on Kafka and Postgres: runs the
 * source-postbacks service in-process with its own schema and consumer group, produces conversion
 * events, and measures against local sinks playing traffic sources:
 *  1. deliveries/s to one healthy sink, everything produced at once (a backlog drained);
 *  2. delivery delay (event produced → request at the sink) to healthy sinks at a steady rate,
 *     first alone (baseline), then while another destination hangs every request.
 *   npm run bench -- source-postbacks [--deliveries 5000] [--rate 200] [--seconds 5]
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { TOPICS, type ConversionAttributedData } from '@clickledger/contracts';
import {
  AffiliateNetworkRepository,
  CampaignRepository,
  createDataSource,
  OfferRepository,
  runMigrations,
  TrafficSourceRepository,
} from '@clickledger/persistence';
import { createKafkaClient, eventMessage, parseBrokers, startGroupAtEnd } from '@clickledger/platform-kafka';
import { createHttpApp } from '@clickledger/platform-http';
import { ClickIdCodec } from '@clickledger/tracking';
import type { DataSource } from 'typeorm';
import { SOURCE_POSTBACKS_SERVICE_OPTIONS } from '../services/source-postbacks/src/source-postbacks-service.options';
import { integerOption, numberOption, parseBenchArgs } from './lib/options';
import { messageOf } from './lib/kafka-message';
import { percentile } from './lib/percentile';

const ARGS = parseBenchArgs(
  'npm run bench -- source-postbacks [--deliveries 5000] [--rate 200] [--seconds 5]',
  {
    deliveries: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '5' },
  },
);
const DELIVERIES = integerOption(ARGS.deliveries, 'deliveries');
const RATE = numberOption(ARGS.rate, 'rate', 1);
const SECONDS = numberOption(ARGS.seconds, 'seconds', 1);
const codec = new ClickIdCodec(['bench-source-postbacks-secret-0001']);

/** A sink answering 200 at once (or never, `hang`), recording when each conversion arrived. */
async function startSink(
  hang: boolean,
): Promise<{ server: Server; url: string; arrivals: Map<string, number> }> {
  const arrivals = new Map<string, number>();
  const server = createServer((request, response) => {
    const conv = new URL(request.url ?? '/', 'http://x').searchParams.get('conv');
    if (conv && !arrivals.has(conv)) arrivals.set(conv, performance.timeOrigin + performance.now());
    request.resume();
    if (!hang) response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${String(port)}/pb?conv={conversion.id}&p={payout}`, arrivals };
}

async function catalog(db: DataSource, postbackUrl: string) {
  const suffix = randomUUID().slice(0, 8);
  const network = await new AffiliateNetworkRepository(db).create({
    name: `n ${suffix}`,
    template: 'custom',
    clickIdParam: 's',
  });
  const offer = await new OfferRepository(db).create({
    name: `o ${suffix}`,
    url: 'https://n.example/o?s={clickid}',
    affiliateNetworkId: network.id,
    payoutMode: 'auto',
    payoutAmount: '1',
    payoutCurrency: 'USD',
    attributionWindowDays: 30,
  });
  const source = await new TrafficSourceRepository(db).create({ name: `s ${suffix}`, postbackUrl });
  const campaign = await new CampaignRepository(db).create({
    name: `c ${suffix}`,
    trafficSourceId: source.id,
    offers: [{ offerId: offer.id, weight: 1 }],
  });
  return (): ConversionAttributedData => {
    const now = Date.now();
    return {
      conversionId: randomUUID(),
      revision: 1,
      clickId: codec.generate(now),
      eventType: 'conversion',
      txid: null,
      status: 'approved',
      payout: { amount: '1.5', currency: 'USD' },
      convertedAt: new Date(now).toISOString(),
      clickedAt: new Date(now).toISOString(),
      campaignId: campaign.id,
      offerId: offer.id,
      affiliateNetworkId: network.id,
      trafficSourceId: source.id,
      externalId: null,
      vars: {},
    };
  };
}

const stats = (delays: number[]): string => {
  const sorted = [...delays].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`;
};

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clickledger';
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const schema = `bench_srcpb_${Date.now().toString(36)}`;
  const group = `bench-source-postbacks-${Date.now().toString(36)}`;
  await runMigrations({ url: databaseUrl, schema });
  const db = await createDataSource({ url: databaseUrl, schema }).initialize();
  const kafka = createKafkaClient({ brokers, clientId: 'bench-source-postbacks' });
  await startGroupAtEnd(kafka, group, [TOPICS.conversionsAttributed.name]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const healthy = await startSink(false);
  const healthy2 = await startSink(false);
  const dead = await startSink(true);
  const app = await createHttpApp({
    ...SOURCE_POSTBACKS_SERVICE_OPTIONS,
    env: {
      KAFKA_BROKERS: brokers.join(','),
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      SOURCE_POSTBACK_CONSUMER_GROUP: group,
      SOURCE_POSTBACK_ALLOW_PRIVATE: 'true',
      LOG_LEVEL: 'warn',
    },
    logDestination: new Writable({
      write: (_c, _e, done) => {
        done();
      },
    }),
  });
  await app.init();
  const publishedAt = new Map<string, number>();
  const publish = async (events: ConversionAttributedData[]) => {
    const topic = TOPICS.conversionsAttributed.name;
    const at = performance.timeOrigin + performance.now();
    for (const e of events) publishedAt.set(e.conversionId, at);
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((data) => messageOf(eventMessage(topic, data))),
    });
  };
  const waitFor = async (arrivals: Map<string, number>, ids: string[], timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (ids.some((id) => !arrivals.has(id)) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
  };
  const delays = (arrivals: Map<string, number>, ids: string[]) =>
    ids.map((id) => (arrivals.get(id) ?? Number.POSITIVE_INFINITY) - (publishedAt.get(id) ?? 0));

  try {
    console.log(
      `source-postbacks bench: schema ${schema}, service defaults (host concurrency 4, timeout 10 s)`,
    );
    // 1. Throughput: a backlog of DELIVERIES conversions for one healthy source.
    const next = await catalog(db, healthy.url);
    const backlog = Array.from({ length: DELIVERIES }, next);
    const started = performance.now();
    for (let i = 0; i < backlog.length; i += 500) await publish(backlog.slice(i, i + 500));
    await waitFor(
      healthy.arrivals,
      backlog.map((e) => e.conversionId),
      120_000,
    );
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `1. throughput, one healthy host: ${String(healthy.arrivals.size)}/${String(DELIVERIES)} delivered in ${elapsed.toFixed(1)} s = ${(healthy.arrivals.size / elapsed).toFixed(0)} deliveries/s`,
    );

    // 1b. The same backlog spread over 8 hosts (8 sinks on their own ports): the global limit applies.
    const sinks = await Promise.all(Array.from({ length: 8 }, () => startSink(false)));
    const makers = await Promise.all(sinks.map((sink) => catalog(db, sink.url)));
    const spread = Array.from({ length: DELIVERIES }, (_, i) => (makers[i % makers.length] ?? next)());
    const spreadStarted = performance.now();
    for (let i = 0; i < spread.length; i += 500) await publish(spread.slice(i, i + 500));
    const arrived = () => sinks.reduce((sum, sink) => sum + sink.arrivals.size, 0);
    const until = Date.now() + 120_000;
    while (arrived() < DELIVERIES && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const spreadElapsed = (performance.now() - spreadStarted) / 1000;
    console.log(
      `   8 healthy hosts: ${String(arrived())}/${String(DELIVERIES)} delivered in ${spreadElapsed.toFixed(1)} s = ${(arrived() / spreadElapsed).toFixed(0)} deliveries/s`,
    );
    for (const sink of sinks) sink.server.close();

    // 2. Steady rate to a healthy host: alone, then while another host hangs every request.
    const steady = async (label: string, sink: typeof healthy, nextEvent: () => ConversionAttributedData) => {
      const ids: string[] = [];
      const perTick = Math.max(1, Math.round(RATE / 20));
      for (let tick = 0; tick < SECONDS * 20; tick++) {
        const events = Array.from({ length: perTick }, nextEvent);
        ids.push(...events.map((e) => e.conversionId));
        await publish(events);
        await new Promise((r) => setTimeout(r, 50));
      }
      await waitFor(sink.arrivals, ids, 60_000);
      const missing = ids.filter((id) => !sink.arrivals.has(id)).length;
      console.log(
        `   ${label}: ${String(ids.length)} at ${String(RATE)}/s, ${stats(delays(sink.arrivals, ids))}${missing ? `, ${String(missing)} missing` : ''}`,
      );
    };
    console.log('2. delay event → request at a healthy host, steady rate');
    await steady('baseline (no dead host)      ', healthy2, await catalog(db, healthy2.url));
    const nextDead = await catalog(db, dead.url);
    await publish(Array.from({ length: 500 }, nextDead));
    const healthy3 = await startSink(false);
    await steady('while another host hangs     ', healthy3, await catalog(db, healthy3.url));
    const hanging = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM source_postbacks s JOIN traffic_sources t ON t.id = s.traffic_source_id
       WHERE t.postback_url = $1 AND s.outcome = 'pending'`,
      [dead.url],
    );
    console.log(
      `   dead host: ${String(hanging[0]?.n ?? 0)} deliveries pending (retrying), ${String(dead.arrivals.size)} requests it received and never answered`,
    );
    healthy3.server.close();
  } finally {
    await app.close();
    await producer.disconnect();
    for (const sink of [healthy, healthy2, dead]) sink.server.closeAllConnections();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
