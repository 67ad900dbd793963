import { buildTrackingUrl } from './tracking-url';

describe('buildTrackingUrl', () => {
  it('lists the external ID, cost and custom variable parameters with placeholders, in order', () => {
    expect(
      buildTrackingUrl('https://t.example/', 'abc123', {
        externalIdParam: 'clickid',
        costParam: 'cost',
        variables: { var2: 'site', var1: 'zone' },
      }),
    ).toBe('https://t.example/c/abc123?clickid={clickid}&cost={cost}&zone={zone}&site={site}');
  });

  it('is the bare link when the source sends no parameters', () => {
    expect(
      buildTrackingUrl('http://127.0.0.1:8080', 'k', {
        externalIdParam: null,
        costParam: null,
        variables: {},
      }),
    ).toBe('http://127.0.0.1:8080/c/k');
  });
});
