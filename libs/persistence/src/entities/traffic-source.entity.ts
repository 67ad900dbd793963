import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ConversionStatus, CustomVariable, SourcePostbackMethod } from '@clickledger/tracking';
import { Timestamped } from './timestamps';

// The variable names are the tracking domain's; re-exported for the API's convenience.
export { CUSTOM_VARIABLES, type CustomVariable } from '@clickledger/tracking';

/** var1..var10 → the query parameter the traffic source fills it from. */
export type VariableParams = Partial<Record<CustomVariable, string>>;
/** var1..var10 → the value captured on a click. */
export type VariableValues = Partial<Record<CustomVariable, string>>;

@Entity({ name: 'traffic_sources' })
@Index('idx_traffic_sources_created_at_id', ['createdAt', 'id'])
export class TrafficSourceEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_traffic_sources' })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'external_id_param', type: 'varchar', length: 64, nullable: true })
  externalIdParam!: string | null;

  @Column({ name: 'cost_param', type: 'varchar', length: 64, nullable: true })
  costParam!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  variables!: VariableParams;

  /** Template used to notify the source of a conversion. */
  @Column({ name: 'postback_url', type: 'text', nullable: true })
  postbackUrl!: string | null;

  /** GET, or POST with the URL's query as an `application/x-www-form-urlencoded` body. */
  @Column({ name: 'postback_method', type: 'varchar', length: 4, default: 'GET' })
  postbackMethod!: SourcePostbackMethod;

  /** Conversion statuses the source is notified of. */
  @Column({ name: 'postback_statuses', type: 'jsonb', default: () => `'["approved"]'` })
  postbackStatuses!: ConversionStatus[];
}
