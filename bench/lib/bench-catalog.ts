import type { DataSource } from 'typeorm';

export interface BenchCatalog {
  readonly networkId: string;
  readonly sourceIds: string[];
  readonly offerIds: string[];
  readonly campaignIds: string[];
}

/** One network, five traffic sources and `count` offers and campaigns, written straight to Postgres. */
export async function seedBenchCatalog(db: DataSource, count: number): Promise<BenchCatalog> {
  const [network] = await db.query<{ id: string }[]>(
    `INSERT INTO affiliate_networks (name, template, click_id_param) VALUES ('bench', 'custom', 'sub1') RETURNING id`,
  );
  const sources = await db.query<{ id: string }[]>(
    `INSERT INTO traffic_sources (name) SELECT 'source ' || g FROM generate_series(1, 5) g RETURNING id`,
  );
  const offers = await db.query<{ id: string }[]>(
    `INSERT INTO offers (name, url, affiliate_network_id, payout_mode, payout_amount, payout_currency)
     SELECT 'offer ' || g, 'https://o.example/?s={clickid}', $1, 'auto', 1, 'USD' FROM generate_series(1, $2::int) g
     RETURNING id`,
    [network.id, count],
  );
  const campaigns = await db.query<{ id: string }[]>(
    `INSERT INTO campaigns (name, key, traffic_source_id) SELECT 'campaign ' || g, 'bench' || g, $1
       FROM generate_series(1, $2::int) g RETURNING id`,
    [sources[0].id, count],
  );
  return {
    networkId: network.id,
    sourceIds: sources.map((s) => s.id),
    offerIds: offers.map((o) => o.id),
    campaignIds: campaigns.map((c) => c.id),
  };
}
