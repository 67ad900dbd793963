import type { AffiliateNetworkEntity } from '@clickledger/persistence';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions, ApiSchema } from '@nestjs/swagger';
import {
  AFFILIATE_NETWORK_TEMPLATES,
  CONVERSION_STATUSES,
  type AffiliateNetworkTemplate,
  type ConversionStatus,
  type PostbackMacros,
} from '@clickledger/tracking';
import type { Plain } from '../common/openapi-responses';

/** The network's macros as its postback URL carries them. */
@ApiSchema({ name: 'PostbackMacrosView' })
export class PostbackMacrosViewSchema {
  @ApiProperty({ example: '#s2#', description: 'replaced by the click ID (cid)' })
  readonly clickId!: string;

  @ApiPropertyOptional({ example: '#price#' })
  readonly payout?: string;

  @ApiPropertyOptional({ example: '#tid#' })
  readonly txid?: string;

  @ApiPropertyOptional({ example: '{currency}' })
  readonly currency?: string;

  @ApiPropertyOptional({ example: '{status}' })
  readonly status?: string;

  @ApiPropertyOptional({ example: '{event_id}' })
  readonly eventType?: string;
}

export type PostbackMacrosView = Plain<PostbackMacrosViewSchema>;

export const STATUS_MAP_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'string', enum: [...CONVERSION_STATUSES] },
  example: { '5': 'pending' },
};

@ApiSchema({ name: 'AffiliateNetworkView' })
export class AffiliateNetworkViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ enum: AFFILIATE_NETWORK_TEMPLATES })
  readonly template!: AffiliateNetworkTemplate;

  @ApiProperty({ type: String, nullable: true, example: 's2' })
  readonly clickIdParam!: string | null;

  @ApiProperty({ type: PostbackMacrosViewSchema })
  readonly postbackMacros!: PostbackMacros;

  @ApiProperty()
  readonly appendClickId!: boolean;

  @ApiProperty()
  readonly acceptDuplicatePostbacks!: boolean;

  @ApiProperty({ type: [String] })
  readonly allowedIps!: string[];

  @ApiProperty(STATUS_MAP_SCHEMA)
  readonly statusMap!: Readonly<Record<string, ConversionStatus>>;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

export type AffiliateNetworkView = Plain<AffiliateNetworkViewSchema>;

/** `GET /api/affiliate-networks/:id/postback-url`. */
@ApiSchema({ name: 'PostbackUrlView' })
export class PostbackUrlViewSchema {
  @ApiProperty({ example: 'https://t.example/postback?cid=#s2#&payout=#price#&txid=#tid#' })
  readonly url!: string;
}

export type PostbackUrlView = Plain<PostbackUrlViewSchema>;

/** The stored macros may lack clickId (older rows, or the persistence type): the template's applies. */
export type StoredMacros = AffiliateNetworkEntity['postbackMacros'] & { readonly clickId?: string };

export function toAffiliateNetworkView(
  row: AffiliateNetworkEntity,
  macros: PostbackMacros,
): AffiliateNetworkView {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    // Stored as '' when the network has no click-ID parameter (the column is not nullable).
    clickIdParam: row.clickIdParam === '' ? null : row.clickIdParam,
    postbackMacros: macros,
    appendClickId: row.appendClickId,
    acceptDuplicatePostbacks: row.acceptDuplicatePostbacks,
    allowedIps: row.allowedIps,
    statusMap: row.statusMap,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
