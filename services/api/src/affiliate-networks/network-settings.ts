import {
  AFFILIATE_NETWORK_CATALOG,
  type AffiliateNetworkTemplate,
  type ConversionStatus,
  normalizeStatusMap,
  type PostbackMacros,
} from '@clickledger/tracking';
import type { StoredMacros } from './affiliate-network.view';

export interface NetworkSettingsInput {
  readonly template?: AffiliateNetworkTemplate;
  readonly clickIdParam?: string;
  readonly postbackMacros?: Partial<PostbackMacros>;
  readonly statusMap?: Readonly<Record<string, ConversionStatus>>;
}

export interface NetworkSettings {
  /** '' when the network has no click-ID parameter. */
  readonly clickIdParam?: string;
  readonly postbackMacros?: PostbackMacros;
  /** Stored with lower-cased keys, as matched. */
  readonly statusMap?: Record<string, ConversionStatus>;
}

/** Macros with the click-ID macro always present: the stored one, else the template's. */
export function effectiveMacros(template: AffiliateNetworkTemplate, stored: StoredMacros): PostbackMacros {
  return { ...stored, clickId: stored.clickId ?? AFFILIATE_NETWORK_CATALOG[template].postbackMacros.clickId };
}

/**
 * What to store for the click-ID parameter and macros. On create, and whenever the template
 * changes, the template fills whatever is not given explicitly; an explicit `postbackMacros`
 * replaces the template's macros as a whole, except the click-ID macro, which falls back to the
 * template's. On other updates only the given fields change.
 */
export function resolveNetworkSettings(
  input: NetworkSettingsInput,
  current?: { readonly template: AffiliateNetworkTemplate },
): NetworkSettings {
  const template = input.template ?? current?.template;
  if (template === undefined) throw new Error('a network needs a template');
  const fromTemplate = current === undefined || template !== current.template;
  const catalog = AFFILIATE_NETWORK_CATALOG[template];
  const given = input.postbackMacros;
  const macros = given === undefined ? undefined : effectiveMacros(template, stripUndefined(given));
  const statusMap = input.statusMap === undefined ? undefined : plainStatusMap(input.statusMap);
  if (!fromTemplate) return { clickIdParam: input.clickIdParam, postbackMacros: macros, statusMap };
  return {
    clickIdParam: input.clickIdParam ?? catalog.clickIdParam ?? '',
    postbackMacros: macros ?? { ...catalog.postbackMacros },
    statusMap: statusMap ?? plainStatusMap(catalog.statusMap),
  };
}

function stripUndefined(macros: Partial<PostbackMacros>): StoredMacros {
  // Validated bodies carry absent fields as undefined properties; they must not reach the JSON column.
  const entries: [string, string | undefined][] = Object.entries(macros);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

/** Lower-cased keys in an ordinary object, for the JSON column. */
function plainStatusMap(map: Readonly<Record<string, ConversionStatus>>): Record<string, ConversionStatus> {
  return { ...normalizeStatusMap(map) };
}
