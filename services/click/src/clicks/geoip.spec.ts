import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Reader, type Response } from 'mmdb-lib';
import { bundledGeoIpFile, GeoIpLookup } from './geoip';

/**
 * The /16 table must answer what walking the tree answers, for any address: the bundled DB-IP
 * database is read both ways, the lookup's and mmdb-lib's own, and compared.
 */
describe('GeoIpLookup', () => {
  const file = bundledGeoIpFile();
  const lookup = new GeoIpLookup(file);
  const reader = new Reader<Response>(readFileSync(file));
  const walked = (ip: string): string | null => {
    const record = reader.get(ip) as { country_code?: string } | null;
    return record?.country_code ?? null;
  };
  /** The lookup and the walk agree on every address `addresses` makes. */
  const agreeOn = (addresses: fc.Arbitrary<readonly string[]>, numRuns: number): void => {
    fc.assert(
      fc.property(addresses, (ips) => {
        for (const ip of ips) expect(lookup.country(ip)).toBe(walked(ip));
      }),
      { numRuns },
    );
  };

  it('answers as the tree does for any IPv4 address', () => {
    agreeOn(
      fc.ipV4().map((ip) => [ip]),
      20_000,
    );
  });

  it('answers as the tree does at the edges of every /16 block of a sample', () => {
    agreeOn(
      fc.integer({ min: 0, max: 65_535 }).map((block) => {
        const prefix = `${String(block >> 8)}.${String(block & 255)}`;
        return [`${prefix}.0.0`, `${prefix}.0.1`, `${prefix}.127.255`, `${prefix}.255.255`];
      }),
      2_000,
    );
  });

  it('answers IPv6 addresses by the tree', () => {
    agreeOn(
      fc.ipV6().map((ip) => [ip]),
      2_000,
    );
  });

  it('knows public addresses and none for private, reserved or malformed ones', () => {
    expect(lookup.country('8.8.8.8')).toBe('US');
    expect(lookup.country('1.1.1.1')).toBe(walked('1.1.1.1'));
    for (const ip of ['10.1.2.3', '192.168.0.1', '127.0.0.1', '0.0.0.0', '203.0.113.9'])
      expect(lookup.country(ip)).toBeNull();
    for (const ip of ['', '8.8.8', '08.8.8.8', '8.8.8.8.8', 'localhost', '256.1.1.1'])
      expect(lookup.country(ip)).toBeNull();
  });
});
