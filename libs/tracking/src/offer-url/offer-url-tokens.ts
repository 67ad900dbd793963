/** A traffic source's custom variables (CONTRACT §3): each maps one campaign-link parameter. */
export const CUSTOM_VARIABLES = [
  'var1',
  'var2',
  'var3',
  'var4',
  'var5',
  'var6',
  'var7',
  'var8',
  'var9',
  'var10',
] as const;
export type CustomVariable = (typeof CUSTOM_VARIABLES)[number];

/** Offer URL tokens (CONTRACT §3), case-sensitive. */
export const OFFER_URL_TOKENS = [
  'clickid',
  'campaign.id',
  'campaign.key',
  'offer.id',
  'affiliatenetwork.id',
  'trafficsource.id',
  'externalid',
  'cost',
  ...CUSTOM_VARIABLES,
  'device',
  'os',
  'browser',
  'country',
  'timestamp',
] as const;

export type OfferUrlToken = (typeof OFFER_URL_TOKENS)[number];

/** Values to substitute; a missing or empty value renders as the empty string. */
export type OfferUrlValues = Partial<Readonly<Record<OfferUrlToken, string | number | null | undefined>>>;

const TOKENS = new Set<string>(OFFER_URL_TOKENS);

export function isOfferUrlToken(name: string): name is OfferUrlToken {
  return TOKENS.has(name);
}
