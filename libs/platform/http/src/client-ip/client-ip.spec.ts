import { BlockList, isIP, isIPv4 } from 'node:net';
import fc from 'fast-check';
import { ClientIpResolver, ipv4Number, normalizeIp } from './client-ip';

describe('ClientIpResolver', () => {
  const behindProxy = new ClientIpResolver(['loopback', '10.0.0.0/8']);

  it('takes the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(new ClientIpResolver(undefined).resolve('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(behindProxy.resolve('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('takes the nearest untrusted address behind trusted proxies', () => {
    expect(behindProxy.resolve('127.0.0.1', '198.51.100.1, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
    expect(behindProxy.resolve('::ffff:127.0.0.1', ['198.51.100.1', '10.0.0.2'])).toBe('198.51.100.1');
  });

  it('skips entries that are not IP addresses (issue 12, item 9)', () => {
    expect(behindProxy.resolve('127.0.0.1', 'unknown, 198.51.100.1, junk<script>, ')).toBe('198.51.100.1');
    expect(behindProxy.resolve('127.0.0.1', 'nonsense')).toBe('127.0.0.1');
    expect(behindProxy.resolve('127.0.0.1', '10.9.9.9, garbage')).toBe('10.9.9.9');
  });

  it('reads addresses with ports and IPv6 zones as their address', () => {
    expect(behindProxy.resolve('127.0.0.1', '198.51.100.1:4711')).toBe('198.51.100.1');
    expect(behindProxy.resolve('127.0.0.1', '[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('999.1.1.1')).toBeNull();
  });

  it('answers the unspecified address when the peer is unknown (socket already gone), never a non-IP', () => {
    expect(behindProxy.resolve(undefined, '198.51.100.1')).toBe('0.0.0.0');
    expect(new ClientIpResolver(undefined).resolve('', undefined)).toBe('0.0.0.0');
  });

  describe('the IPv4 fast path agrees with node:net', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const quad = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));
    /** Dotted quads, near misses (leading zeros, 256, five parts, ports), IPv6 and junk. */
    const text = fc.oneof(
      quad,
      fc
        .tuple(quad, fc.constantFrom('0', '00', '256', '1.', ':80', '/8', ' '))
        .map(([ip, tail]) => ip + tail),
      fc.tuple(octet, octet).map(([a, b]) => `0${String(a)}.${String(b)}.0.1`),
      quad.map((ip) => `::ffff:${ip}`),
      fc.constantFrom('::1', 'fe80::1', '2001:db8::7', '1.2.3', '...', ''),
      fc.string({ maxLength: 16 }),
    );

    it('reads a dotted quad exactly when isIPv4 accepts it', () => {
      fc.assert(
        fc.property(text, (candidate) => {
          const number = ipv4Number(candidate);
          expect(number >= 0).toBe(isIPv4(candidate));
          if (number >= 0)
            expect(number).toBe(candidate.split('.').reduce((sum, part) => sum * 256 + Number(part), 0));
        }),
        { numRuns: 5000 },
      );
    });

    /** The resolver as it was, with BlockList for every check: what the fast path must agree with. */
    function blockListResolve(trusted: readonly string[], peer: string, forwardedFor: string): string {
      const named: Record<string, readonly string[]> = {
        loopback: ['127.0.0.0/8', '::1/128'],
        linklocal: ['169.254.0.0/16', 'fe80::/10'],
        uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
      };
      const list = new BlockList();
      for (const entry of trusted.flatMap((item) => named[item] ?? [item])) {
        const [address = '', ...bits] = entry.split('/');
        const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
        if (bits.length === 0) list.addAddress(address, family);
        else list.addSubnet(address, Number(bits[0]), family);
      }
      const isTrusted = (ip: string): boolean => {
        const family = isIP(ip);
        return family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
      };
      const peerIp = normalizeIp(peer) ?? '0.0.0.0';
      if (trusted.length === 0 || !isTrusted(peerIp)) return peerIp;
      let furthest = peerIp;
      for (const hop of forwardedFor.split(',').reverse()) {
        const ip = normalizeIp(hop.trim());
        if (ip === null) continue;
        if (!isTrusted(ip)) return ip;
        furthest = ip;
      }
      return furthest;
    }

    it('resolves any peer and X-Forwarded-For as BlockList would, for any trusted ranges', () => {
      const prefix = fc.integer({ min: 0, max: 32 });
      const entry = fc.oneof(
        fc.tuple(quad, prefix).map(([ip, bits]) => `${ip}/${String(bits)}`),
        quad,
        fc.tuple(quad, fc.integer({ min: 96, max: 128 })).map(([ip, bits]) => `::ffff:${ip}/${String(bits)}`),
        fc.constantFrom('loopback', 'linklocal', 'uniquelocal', '2001:db8::/32', '::1'),
      );
      // Addresses near the ranges as well as anywhere: the first octets drawn from a few values.
      const near = fc
        .tuple(fc.constantFrom(10, 127, 169, 172, 192, 203), octet, octet, octet)
        .map((parts) => parts.join('.'));
      const address = fc.oneof(near, text);
      fc.assert(
        fc.property(
          fc.array(entry, { minLength: 1, maxLength: 4 }),
          address,
          fc.array(address, { maxLength: 4 }),
          (trusted, peer, hops) => {
            const forwardedFor = hops.join(', ');
            expect(new ClientIpResolver(trusted).resolve(peer, forwardedFor)).toBe(
              blockListResolve(trusted, peer, forwardedFor),
            );
          },
        ),
        { numRuns: 5000 },
      );
    });
  });
});
