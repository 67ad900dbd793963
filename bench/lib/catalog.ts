/**
 * The benches' catalog, through the API: an Everflow network (click ID in `sub1`), an offer, a
 * traffic source (its click ID in `clickid`), a campaign.
 */
export async function createCampaign(apiPort: number, token: string): Promise<{ id: string; key: string }> {
  const api = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${String(apiPort)}/api${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${String(response.status)} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const network = await api<{ id: string }>('/affiliate-networks', {
    name: 'bench network',
    template: 'everflow',
  });
  const offer = await api<{ id: string }>('/offers', {
    name: 'bench offer',
    url: 'https://offer.example/?sub1={clickid}',
    affiliateNetworkId: network.id,
    payout: { mode: 'auto', amount: '1.00', currency: 'USD' },
  });
  const source = await api<{ id: string }>('/traffic-sources', {
    name: 'bench source',
    externalIdParam: 'clickid',
  });
  return api<{ id: string; key: string }>('/campaigns', {
    name: 'bench campaign',
    trafficSourceId: source.id,
    offers: [{ offerId: offer.id, weight: 1 }],
  });
}
