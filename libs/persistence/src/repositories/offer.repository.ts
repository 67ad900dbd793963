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
}
