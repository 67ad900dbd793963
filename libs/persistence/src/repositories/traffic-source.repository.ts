import { TrafficSourceEntity } from '../entities/traffic-source.entity';
import { CatalogRepository } from './catalog.repository';
import type { Database } from './database';

export type NewTrafficSource = Pick<TrafficSourceEntity, 'name'> &
  Partial<
    Pick<
      TrafficSourceEntity,
      'externalIdParam' | 'costParam' | 'variables' | 'postbackUrl' | 'postbackMethod' | 'postbackStatuses'
    >
  >;
export type TrafficSourcePatch = Partial<NewTrafficSource>;

export class TrafficSourceRepository extends CatalogRepository<
  TrafficSourceEntity,
  NewTrafficSource,
  TrafficSourcePatch
> {
  constructor(db: Database) {
    super(db, TrafficSourceEntity);
  }
}
