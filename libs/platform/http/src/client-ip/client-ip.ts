import { BlockList, isIP } from 'node:net';

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

  constructor(trustedProxies: readonly string[] | undefined) {
    this.trusted = trustedProxies && trustedProxies.length > 0 ? blockListOf(trustedProxies) : null;
  }

  resolve(peer: string | undefined, forwardedFor: string | readonly string[] | undefined): string {
    const peerIp = normalizeIp(peer ?? '') ?? UNKNOWN_IP;
    if (!this.trusted || !this.isTrusted(peerIp) || forwardedFor === undefined) return peerIp;
    // Several header lines count as one comma-separated list, in order (RFC 9110 §5.3).
    const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',')).split(',');
    let furthest = peerIp;
    for (let i = hops.length - 1; i >= 0; i--) {
      const ip = normalizeIp(hops[i].trim());
      if (ip === null) continue;
      if (!this.isTrusted(ip)) return ip;
      furthest = ip;
    }
    // Every hop is a trusted proxy: the furthest one is the client, as proxy-addr decides.
    return furthest;
  }

  /** The client IP of a Node/Fastify request: its socket's peer and its `X-Forwarded-For`. */
  of(request: {
    readonly socket: { readonly remoteAddress?: string };
    readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  }): string {
    return this.resolve(request.socket.remoteAddress, request.headers['x-forwarded-for']);
  }

  private isTrusted(ip: string): boolean {
    const family = isIP(ip);
    return family !== 0 && this.trusted !== null && this.trusted.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** An IP address in canonical text, or null. Accepts `1.2.3.4:80` and `[::1]:80` (some proxies add ports). */
export function normalizeIp(value: string): string | null {
  const candidate = IPV4_WITH_PORT.exec(value)?.[1] ?? BRACKETED_IPV6.exec(value)?.[1] ?? value;
  // A zone (`fe80::1%eth0`) names an interface of the sender's host; meaningless here.
  const address = candidate.includes('%') ? candidate.slice(0, candidate.indexOf('%')) : candidate;
  return isIP(address) === 0 ? null : address.toLowerCase();
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries.flatMap((item) => NAMED_RANGES.get(item) ?? [item])) {
    const [address, bits] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (entry.includes('/')) list.addSubnet(address, Number(bits), family);
    else list.addAddress(address, family);
  }
  return list;
}
