import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which campaigns a catalog row feeds: whose config must be republished when that row changes. */
@Injectable()
export class CampaignUsageRepository {
  constructor(private readonly db: DataSource) {}

  async campaignsUsingOffer(offerId: string): Promise<string[]> {
    return this.ids(`SELECT DISTINCT campaign_id AS id FROM campaign_offers WHERE offer_id = $1`, offerId);
  }

  async campaignsUsingNetwork(networkId: string): Promise<string[]> {
    return this.ids(
      `SELECT DISTINCT co.campaign_id AS id FROM campaign_offers co
       JOIN offers o ON o.id = co.offer_id WHERE o.affiliate_network_id = $1`,
      networkId,
    );
  }

  async campaignsUsingTrafficSource(trafficSourceId: string): Promise<string[]> {
    return this.ids(`SELECT id FROM campaigns WHERE traffic_source_id = $1`, trafficSourceId);
  }

  private async ids(sql: string, id: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(sql, [id]);
    return rows.map((row) => row.id);
  }
}
