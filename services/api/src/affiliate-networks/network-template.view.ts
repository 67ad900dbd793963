import { ApiProperty } from '@nestjs/swagger';
import {
  AFFILIATE_NETWORK_CATALOG,
  AFFILIATE_NETWORK_TEMPLATES,
  type AffiliateNetworkTemplate,
  type ConversionStatus,
  type PostbackMacros,
} from '@clickledger/tracking';
import { PostbackMacrosView, STATUS_MAP_SCHEMA } from './affiliate-network.view';

/** What a template fills in when a network is created from it (the built-in catalog). */
export class NetworkTemplateView {
  @ApiProperty({ enum: AFFILIATE_NETWORK_TEMPLATES })
  readonly template!: AffiliateNetworkTemplate;

  @ApiProperty({ example: 'HasOffers / TUNE' })
  readonly displayName!: string;

  @ApiProperty({ type: String, nullable: true, example: 'aff_sub' })
  readonly clickIdParam!: string | null;

  @ApiProperty({ type: PostbackMacrosView })
  readonly postbackMacros!: PostbackMacros;

  @ApiProperty(STATUS_MAP_SCHEMA)
  readonly statusMap!: Readonly<Record<string, ConversionStatus>>;

  @ApiProperty({ type: [String], description: "the network's own documentation this entry follows" })
  readonly sources!: readonly string[];
}

export class NetworkTemplateListView {
  @ApiProperty({ type: [NetworkTemplateView] })
  readonly items!: NetworkTemplateView[];
}

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
