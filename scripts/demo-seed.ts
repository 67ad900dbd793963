/**
 * Creates a demo affiliate network, offer, traffic source and campaign through the API and prints
 * the campaign link and the postback URL to paste into the network. `npm run stack:up -- --demo`.
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

async function main(): Promise<void> {
  const network = await call<{ id: string }>('POST', '/affiliate-networks', {
    name: 'Demo CAKE network',
    template: 'cake',
  });
  const offer = await call<{ id: string }>('POST', '/offers', {
    name: 'Demo offer',
    url: 'https://example.com/landing?offer=7&s2={clickid}&zone={var1}',
    affiliateNetworkId: network.id,
    payout: { mode: 'auto', amount: '2.50', currency: 'USD' },
  });
  const source = await call<{ id: string }>('POST', '/traffic-sources', {
    name: 'Demo traffic source',
    externalIdParam: 'clickid',
    costParam: 'cost',
    variables: { var1: 'zone' },
    postbackUrl: `${SINK}/postback?clickid={externalid}&payout={payout}&status={status}&zone={var1}`,
  });
  const campaign = await call<{ key: string; trackingUrl: string }>('POST', '/campaigns', {
    name: 'Demo campaign',
    trafficSourceId: source.id,
    offers: [{ offerId: offer.id, weight: 1 }],
  });
  const postback = await call<{ url: string }>('GET', `/affiliate-networks/${network.id}/postback-url`);
  console.error(`
[clickledger] demo created
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
