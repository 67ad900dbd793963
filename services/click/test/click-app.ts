import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { createHttpApp, type HttpServiceApp } from '@clickledger/platform-http';
import { eventMessage, type KafkaClient } from '@clickledger/platform-kafka';
import { uniqueSuffix } from '@clickledger/testing';
import { CLICK_SERVICE_OPTIONS } from '../src/click-service.options';

export const TEST_SECRETS = ['click-test-secret-000001'];

/** A fresh temporary directory (spool, campaign snapshot) of a test's own. */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `${prefix}-`));

/**
 * The click service as `main.ts` builds it, with its environment given explicitly and logs kept
 * quiet; spool and campaign snapshot in temporary directories unless the test names them.
 */
export function createClickApp(env: Record<string, string>): Promise<HttpServiceApp> {
  return createHttpApp({
    ...CLICK_SERVICE_OPTIONS,
    env: {
      NODE_ENV: 'test',
      CLICK_ID_SECRETS: TEST_SECRETS.join(','),
      LOG_LEVEL: 'warn',
      KAFKA_SPOOL_DIR: tempDir('click-spool'),
      CLICK_CAMPAIGN_SNAPSHOT_FILE: join(tempDir('click-snapshot'), 'campaigns.json'),
      ...env,
    },
    logDestination: new Writable({
      write: (_chunk, _encoding, done) => {
        done();
      },
    }),
  });
}

/** A campaign config as the API publishes it, with a unique key. */
export function campaignConfig(overrides: Partial<CampaignConfigData> = {}): CampaignConfigData {
  const suffix = uniqueSuffix();
  return {
    campaignId: `cmp-${suffix}`,
    campaignKey: `k${suffix.replace(/-/g, '')}`,
    status: 'active',
    trafficSource: {
      id: 'ts-1',
      externalIdParam: 'clickid',
      costParam: 'cost',
      variables: { var1: 'zone', var2: 'site' },
    },
    offers: [
      {
        offerId: 'offer-1',
        weight: 1,
        url: 'https://network.example/o?id=7&s2={clickid}&zone={var1}&ext={externalid}&c={cost}&dev={device}',
        affiliateNetworkId: 'net-1',
        clickIdParam: 's2',
        appendClickId: true,
        currency: 'USD',
      },
    ],
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Publishes a config (or a tombstone with `null`) the way the API does: keyed by campaign key. */
export async function publishConfig(
  kafka: KafkaClient,
  key: string,
  config: CampaignConfigData | null,
): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic: TOPICS.campaignsConfig.name,
      acks: -1,
      messages: [
        config === null
          ? { key, value: null }
          : { ...eventMessage(TOPICS.campaignsConfig.name, config), key },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}
