import { CUSTOM_VARIABLES, type TrafficSourceEntity } from '@clickledger/persistence';

type SourceParams = Pick<TrafficSourceEntity, 'externalIdParam' | 'costParam' | 'variables'>;

/**
 * The campaign link to give the traffic source: `{base}/c/{key}` followed by each parameter the
 * source is set up to send, with the placeholder `{param}` as its value, in the order external
 * ID, cost, var1..var10: `http://t.example/c/k3y?clickid={clickid}&cost={cost}&zone={zone}`.
 * The media buyer replaces each `{…}` with the source's own macro for it.
 */
export function buildTrackingUrl(clickBaseUrl: string, key: string, source: SourceParams): string {
  const params = [
    source.externalIdParam,
    source.costParam,
    ...CUSTOM_VARIABLES.map((variable) => source.variables[variable]),
  ].filter((param): param is string => typeof param === 'string' && param !== '');
  const base = `${clickBaseUrl.replace(/\/+$/, '')}/c/${encodeURIComponent(key)}`;
  if (params.length === 0) return base;
  const query = [...new Set(params)].map((param) => {
    const name = encodeURIComponent(param);
    return `${name}={${name}}`;
  });
  return `${base}?${query.join('&')}`;
}
