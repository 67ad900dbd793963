import { BlockList, isIP } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** `::ffff:1.2.3.4` (an IPv4 client seen through a dual-stack socket) is matched as 1.2.3.4. */
function normalize(ip: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const trimmed = ip.trim();
  const mapped = MAPPED_IPV4.exec(trimmed)?.[1];
  const address = mapped ?? trimmed;
  const version = isIP(address);
  if (version === 0) return null;
  return { address, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * An affiliate network's allowlist of IPs and CIDRs (IPv4 and IPv6), compiled once. An empty
 * list allows every address; an entry that is neither an IP nor a CIDR allows nothing.
 */
export class IpAllowlist {
  private readonly list = new BlockList();
  readonly isOpen: boolean;
  /** Entries that could not be read; reported so an operator can fix them. */
  readonly invalidEntries: readonly string[];

  constructor(entries: readonly string[]) {
    const invalid: string[] = [];
    for (const entry of entries) {
      if (!this.add(entry)) invalid.push(entry);
    }
    this.isOpen = entries.length === 0;
    this.invalidEntries = invalid;
  }

  allows(ip: string): boolean {
    if (this.isOpen) return true;
    const normalized = normalize(ip);
    return normalized !== null && this.list.check(normalized.address, normalized.family);
  }

  private add(entry: string): boolean {
    const parts = entry.trim().split('/');
    if (parts.length > 2) return false;
    const [address = '', prefixText = ''] = parts;
    const normalized = normalize(address);
    if (!normalized) return false;
    if (parts.length === 1) {
      this.list.addAddress(normalized.address, normalized.family);
      return true;
    }
    if (!/^\d{1,3}$/.test(prefixText)) return false;
    const prefix = Number(prefixText);
    if (prefix > (normalized.family === 'ipv4' ? 32 : 128)) return false;
    this.list.addSubnet(normalized.address, prefix, normalized.family);
    return true;
  }
}
