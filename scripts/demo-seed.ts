/**
 * Creates a demo affiliate network, offer, traffic source and campaign through the API and prints
 * the campaign link and the postback URL to paste into the network. `npm run stack:up -- --demo`.
 * Idempotent: each is looked up by its name first, so running it again creates nothing new.
 */
const API = `http://127.0.0.1:${process.env.API_PORT ?? '8082'}/api`;
const TOKEN = process.env.API_TOKEN ?? 'dev-token';
/** The source-postbacks service's development sink (SOURCE_POSTBACK_TEST_SINK=true): plays the traffic source. */
const SINK = `http://127.0.0.1:${process.env.SOURCE_POSTBACKS_PORT ?? '8084'}/sink`;

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${String(response.status)}: ${text}`);
  return JSON.parse(text) as T;
}

interface Named {
  readonly id: string;
  readonly name: string;
}

/** The catalog entry with this name (paging through the list), else a new one from `body`. */
async function findOrCreate<T extends Named>(
  path: string,
  body: { readonly name: string } & Record<string, unknown>,
): Promise<T> {
  let cursor: string | null = null;
  do {
    const query: string = `?limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page: { items: T[]; nextCursor: string | null } = await call('GET', `${path}${query}`);
    const found = page.items.find((item) => item.name === body.name);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return call<T>('POST', path, body);
}

async function main(): Promise<void> {
  const network = await findOrCreate('/affiliate-networks', { name: 'Demo CAKE network', template: 'cake' });
  const offer = await findOrCreate('/offers', {
    name: 'Demo offer',
    url: 'https://example.com/landing?offer=7&s2={clickid}&zone={var1}',
    affiliateNetworkId: network.id,
    payout: { mode: 'auto', amount: '2.50', currency: 'USD' },
  });
  const source = await findOrCreate('/traffic-sources', {
    name: 'Demo traffic source',
    externalIdParam: 'clickid',
    costParam: 'cost',
    variables: { var1: 'zone' },
    postbackUrl: `${SINK}/postback?clickid={externalid}&payout={payout}&status={status}&zone={var1}`,
  });
  const campaign = await findOrCreate<Named & { key: string; trackingUrl: string }>('/campaigns', {
    name: 'Demo campaign',
    trafficSourceId: source.id,
    offers: [{ offerId: offer.id, weight: 1 }],
  });
  const postback = await call<{ url: string }>('GET', `/affiliate-networks/${network.id}/postback-url`);
  console.error(`
[clickledger] demo ready (created once, found by name afterwards)
  campaign link    ${campaign.trackingUrl}
  try it           curl -si '${campaign.trackingUrl.split('?')[0] ?? ''}?clickid=demo-1&zone=42&cost=0.02'
  postback URL     ${postback.url}   (CAKE replaces #s2#, #price#, #tid#)
  source postbacks curl -s ${SINK}/requests   (what the demo traffic source received)
`);
}

main().catch((error: unknown) => {
  console.error('[clickledger] demo seed failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
