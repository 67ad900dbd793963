import { BlockList, isIP } from 'node:net';
import { ownCharacters } from '@clickledger/tracking';

/** proxy-addr's named ranges, which `TRUSTED_PROXIES` accepts (see HttpEnv). */
const NAMED_RANGES = new Map<string, readonly string[]>([
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['linklocal', ['169.254.0.0/16', 'fe80::/10']],
  ['uniquelocal', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']],
]);
/**
 * The peer is unknown only when its socket is already gone. The click is still recorded, with the
 * unspecified address: the event's `ip` must be an IP address or attribution dead-letters it.
 */
export const UNKNOWN_IP = '0.0.0.0';
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const BRACKETED_IPV6 = /^\[([0-9a-fA-F:.]+)\](?::\d{1,5})?$/;

/**
 * The visitor's IP (CONTRACT §3 "Visitor enrichment"): the TCP peer, or, when the peer is a
 * trusted proxy, the nearest address in `X-Forwarded-For` that is not trusted. Entries that are
 * not IP addresses are skipped, so a forged or garbled header can never become the click's IP
 * (Fastify's `request.ip` returns such an entry as is).
 */
export class ClientIpResolver {
  private readonly trusted: BlockList | null;
  /**
   * The trusted IPv4 ranges as numbers, so a dotted quad is checked without BlockList (see
   * isTrusted); null when the operator listed an IPv6 entry, which may hold IPv4-mapped addresses
   * (`::ffff:10.0.0.0/104`, `::/0`): BlockList matches IPv4 addresses against those too.
   */
  private readonly trustedV4: readonly Ipv4Range[] | null;
  /** The last peer seen, its address and whether it is trusted (see resolve). */
  private lastPeer: string | undefined;
  private lastPeerIp: string | undefined;
  private lastPeerTrusted = false;

  constructor(trustedProxies: readonly string[] | undefined) {
    const entries = trustedProxies && trustedProxies.length > 0 ? expandNamed(trustedProxies) : [];
    this.trusted = entries.length > 0 ? blockListOf(entries) : null;
    // The named ranges' IPv6 parts (::1, fe80::/10, fc00::/7) hold no IPv4-mapped address.
    this.trustedV4 = (trustedProxies ?? []).some((entry) => entry.includes(':'))
      ? null
      : entries.flatMap((entry) => {
          const range = ipv4RangeOf(entry);
          return range ? [range] : [];
        });
  }

  resolve(peer: string | undefined, forwardedFor: string | readonly string[] | undefined): string {
    // A connection's requests share its peer: its address is read and checked once in a row.
    if (peer !== this.lastPeer || this.lastPeerIp === undefined) {
      this.lastPeer = peer;
      this.lastPeerIp = normalizeIp(peer ?? '') ?? UNKNOWN_IP;
      this.lastPeerTrusted = this.isTrusted(this.lastPeerIp);
    }
    const peerIp = this.lastPeerIp;
    if (!this.lastPeerTrusted || forwardedFor === undefined) return peerIp;
    // Several header lines count as one comma-separated list, in order (RFC 9110 §5.3).
    const header = typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',');
    const hops = header.split(',');
    let furthest = peerIp;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i].trim();
      // A plain dotted quad (the usual hop) is canonical already and checked by its number.
      const v4 = ipv4Number(hop);
      const ip = v4 >= 0 ? hop : normalizeIp(hop);
      if (ip === null) continue;
      if (!(v4 >= 0 ? this.isTrustedV4(v4, ip) : this.isTrusted(ip))) return ownCharacters(ip);
      furthest = ip;
    }
    // Every hop is a trusted proxy: the furthest one is the client, as proxy-addr decides.
    return ownCharacters(furthest);
  }

  /** The client IP of a Node/Fastify request: its socket's peer and its `X-Forwarded-For`. */
  of(request: {
    readonly socket: { readonly remoteAddress?: string };
    readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  }): string {
    return this.resolve(request.socket.remoteAddress, request.headers['x-forwarded-for']);
  }

  /**
   * A dotted quad is matched against the IPv4 ranges by arithmetic: BlockList builds a socket
   * address per check (about 0.2 µs, twice per proxied click). A property test holds the two to
   * agreement for any trusted entries and addresses.
   */
  private isTrusted(ip: string): boolean {
    if (this.trusted === null) return false;
    const v4 = ipv4Number(ip);
    if (v4 >= 0) return this.isTrustedV4(v4, ip);
    const family = isIP(ip);
    return family !== 0 && this.trusted.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }

  /** `ip`, a dotted quad whose number is `v4`: by arithmetic when the trusted ranges allow it. */
  private isTrustedV4(v4: number, ip: string): boolean {
    if (this.trusted === null) return false;
    if (this.trustedV4 !== null)
      return this.trustedV4.some((range) => (v4 & range.mask) >>> 0 === range.network);
    return this.trusted.check(ip, 'ipv4');
  }
}

interface Ipv4Range {
  readonly network: number;
  readonly mask: number;
}

/** `a.b.c.d` (decimal, no leading zeros, as node:net's isIPv4) as an unsigned 32-bit number, else -1. */
export function ipv4Number(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (code >= 48 && code <= 57) {
      if (digits > 0 && part === 0) return -1; // a leading zero
      part = part * 10 + code - 48;
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + part;
}

/** An IPv4 trusted-proxy entry (`a.b.c.d` or `a.b.c.d/n`) as a range, else undefined. */
function ipv4RangeOf(entry: string): Ipv4Range | undefined {
  const slash = entry.indexOf('/');
  const number = ipv4Number(slash < 0 ? entry : entry.slice(0, slash));
  if (number < 0) return undefined;
  const prefix = slash < 0 ? 32 : Number(entry.slice(slash + 1));
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (number & mask) >>> 0, mask };
}

/** An IP address in canonical text, or null. Accepts `1.2.3.4:80` and `[::1]:80` (some proxies add ports). */
export function normalizeIp(value: string): string | null {
  // The common case first: a plain dotted quad is already canonical.
  if (ipv4Number(value) >= 0) return value;
  const candidate = IPV4_WITH_PORT.exec(value)?.[1] ?? BRACKETED_IPV6.exec(value)?.[1] ?? value;
  // A zone (`fe80::1%eth0`) names an interface of the sender's host; meaningless here.
  const address = candidate.includes('%') ? candidate.slice(0, candidate.indexOf('%')) : candidate;
  return isIP(address) === 0 ? null : address.toLowerCase();
}

function expandNamed(entries: readonly string[]): string[] {
  return entries.flatMap((item) => NAMED_RANGES.get(item) ?? [item]);
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (entry.includes('/')) list.addSubnet(address, Number(bits), family);
    else list.addAddress(address, family);
  }
  return list;
}
