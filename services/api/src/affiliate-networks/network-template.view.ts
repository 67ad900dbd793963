import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  AFFILIATE_NETWORK_CATALOG,
  AFFILIATE_NETWORK_TEMPLATES,
  type AffiliateNetworkTemplate,
  type ConversionStatus,
  type PostbackMacros,
} from '@clickledger/tracking';
import type { Plain } from '../common/openapi-responses';
import { PostbackMacrosViewSchema, STATUS_MAP_SCHEMA } from './affiliate-network.view';

/** What a template fills in when a network is created from it (the built-in catalog). */
@ApiSchema({ name: 'NetworkTemplateView' })
export class NetworkTemplateViewSchema {
  @ApiProperty({ enum: AFFILIATE_NETWORK_TEMPLATES })
  readonly template!: AffiliateNetworkTemplate;

  @ApiProperty({ example: 'HasOffers / TUNE' })
  readonly displayName!: string;

  @ApiProperty({ type: String, nullable: true, example: 'aff_sub' })
  readonly clickIdParam!: string | null;

  @ApiProperty({ type: PostbackMacrosViewSchema })
  readonly postbackMacros!: PostbackMacros;

  @ApiProperty(STATUS_MAP_SCHEMA)
  readonly statusMap!: Readonly<Record<string, ConversionStatus>>;

  @ApiProperty({ type: [String], description: "the network's own documentation this entry follows" })
  readonly sources!: readonly string[];
}

export type NetworkTemplateView = Plain<NetworkTemplateViewSchema>;

@ApiSchema({ name: 'NetworkTemplateListView' })
export class NetworkTemplateListViewSchema {
  @ApiProperty({ type: [NetworkTemplateViewSchema] })
  readonly items!: NetworkTemplateView[];
}

export type NetworkTemplateListView = Plain<NetworkTemplateListViewSchema>;

export const NETWORK_TEMPLATE_LIST: NetworkTemplateListView = {
  items: AFFILIATE_NETWORK_TEMPLATES.map((template) => {
    const entry = AFFILIATE_NETWORK_CATALOG[template];
    return {
      template,
      displayName: entry.displayName,
      clickIdParam: entry.clickIdParam,
      postbackMacros: entry.postbackMacros,
      statusMap: entry.statusMap,
      sources: entry.sources,
    };
  }),
};
