import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isPublicAddress } from './address-guard';

/** A destination that is not a public address: refused before any connection is made. */
export class DestinationRefusedError extends Error {
  readonly code = 'source-postback.destination-not-public';
  constructor(host: string, address: string) {
    super(
      address === host
        ? `destination ${host} is not a public address (set SOURCE_POSTBACK_ALLOW_PRIVATE=true to allow it)`
        : `destination ${host} resolves to ${address}, not a public address (set SOURCE_POSTBACK_ALLOW_PRIVATE=true to allow it)`,
    );
    this.name = 'DestinationRefusedError';
  }
}

/**
 * The `lookup` the HTTP agent connects with: it resolves the name and refuses it when any of its
 * addresses is not public, so the address checked is the address connected to (a DNS answer that
 * changes between a check and the connection — rebinding — cannot slip through).
 */
export function guardedLookup(resolve: LookupFunction = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, resolved) => {
      if (error) {
        callback(error, '');
        return;
      }
      const addresses = resolved as unknown as LookupAddress[];
      const refused = addresses.find((entry) => !isPublicAddress(entry.address));
      const first = addresses.at(0);
      if (refused) callback(new DestinationRefusedError(hostname, refused.address), '');
      else if (!first) callback(new Error(`no address for ${hostname}`), '');
      else if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
