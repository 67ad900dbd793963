import { AffiliateNetworkEntity } from '../entities/affiliate-network.entity';
import { CatalogRepository } from './catalog.repository';
import type { Database } from './database';

export type NewAffiliateNetwork = Pick<AffiliateNetworkEntity, 'name' | 'template' | 'clickIdParam'> &
  Partial<
    Pick<
      AffiliateNetworkEntity,
      'postbackMacros' | 'appendClickId' | 'acceptDuplicatePostbacks' | 'allowedIps' | 'statusMap'
    >
  >;
export type AffiliateNetworkPatch = Partial<NewAffiliateNetwork>;

export class AffiliateNetworkRepository extends CatalogRepository<
  AffiliateNetworkEntity,
  NewAffiliateNetwork,
  AffiliateNetworkPatch
> {
  constructor(db: Database) {
    super(db, AffiliateNetworkEntity);
  }
}
