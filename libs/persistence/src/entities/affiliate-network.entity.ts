import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  AFFILIATE_NETWORK_TEMPLATES,
  type AffiliateNetworkTemplate,
  type ConversionStatus,
  type PostbackMacros,
} from '@clickledger/tracking';
import { Timestamped } from './timestamps';

/**
 * The network's own macros as stored, placed in the postback URL it is given; absent means the
 * template's (see the network catalog in libs/tracking).
 */
export type StoredPostbackMacros = Partial<PostbackMacros>;

@Entity({ name: 'affiliate_networks' })
@Index('idx_affiliate_networks_created_at_id', ['createdAt', 'id'])
export class AffiliateNetworkEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_affiliate_networks' })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'enum', enum: AFFILIATE_NETWORK_TEMPLATES, enumName: 'affiliate_network_template' })
  template!: AffiliateNetworkTemplate;

  @Column({ name: 'click_id_param', type: 'varchar', length: 64 })
  clickIdParam!: string;

  @Column({ name: 'postback_macros', type: 'jsonb', default: () => "'{}'" })
  postbackMacros!: StoredPostbackMacros;

  @Column({ name: 'append_click_id', type: 'boolean', default: true })
  appendClickId!: boolean;

  @Column({ name: 'accept_duplicate_postbacks', type: 'boolean', default: false })
  acceptDuplicatePostbacks!: boolean;

  /**
   * The network's own status values and their meaning (`{"5": "pending"}`), keys lower-cased;
   * they add to or override the built-in synonyms (CONTRACT §4).
   */
  @Column({ name: 'status_map', type: 'jsonb', default: () => "'{}'" })
  statusMap!: Record<string, ConversionStatus>;

  /** IPs and CIDRs; empty means every source IP is allowed. */
  @Column({ name: 'allowed_ips', type: 'text', array: true, default: () => "'{}'" })
  allowedIps!: string[];
}
