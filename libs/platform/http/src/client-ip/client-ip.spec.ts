import { ClientIpResolver, normalizeIp } from './client-ip';

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
});
