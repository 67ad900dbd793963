import { OfferEntity } from '../entities/offer.entity';
import { CatalogRepository } from './catalog.repository';
import type { Database } from './database';

export type NewOffer = Pick<OfferEntity, 'name' | 'url' | 'affiliateNetworkId' | 'payoutCurrency'> &
  Partial<Pick<OfferEntity, 'payoutMode' | 'payoutAmount' | 'attributionWindowDays'>>;
export type OfferPatch = Partial<NewOffer>;

export class OfferRepository extends CatalogRepository<OfferEntity, NewOffer, OfferPatch> {
  constructor(db: Database) {
    super(db, OfferEntity);
  }

  /** Several offers at once, e.g. a campaign's rotation. */
  async findByIds(ids: readonly string[]): Promise<OfferEntity[]> {
    if (ids.length === 0) return [];
    return this.repository
      .createQueryBuilder('offer')
      .where('offer.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }
}
