import { IpAllowlist } from './ip-allowlist';

describe('IpAllowlist', () => {
  it('allows everything when empty', () => {
    expect(new IpAllowlist([]).allows('203.0.113.9')).toBe(true);
  });

  it('matches single IPv4 and IPv6 addresses', () => {
    const list = new IpAllowlist(['203.0.113.9', '2001:db8::1']);
    expect(list.allows('203.0.113.9')).toBe(true);
    expect(list.allows('203.0.113.10')).toBe(false);
    expect(list.allows('2001:db8::1')).toBe(true);
    expect(list.allows('2001:db8:0:0:0:0:0:1')).toBe(true);
    expect(list.allows('2001:db8::2')).toBe(false);
  });

  it('matches IPv4 and IPv6 CIDRs at their edges', () => {
    const list = new IpAllowlist(['198.51.100.0/24', '2001:db8:abcd::/48']);
    expect(list.allows('198.51.100.0')).toBe(true);
    expect(list.allows('198.51.100.255')).toBe(true);
    expect(list.allows('198.51.101.0')).toBe(false);
    expect(list.allows('2001:db8:abcd:ffff::1')).toBe(true);
    expect(list.allows('2001:db8:abce::1')).toBe(false);
  });

  it('matches IPv4-mapped IPv6 sources as IPv4', () => {
    const list = new IpAllowlist(['10.0.0.0/8']);
    expect(list.allows('::ffff:10.1.2.3')).toBe(true);
    expect(list.allows('::ffff:11.1.2.3')).toBe(false);
  });

  it('reports unreadable entries and never lets them match', () => {
    const list = new IpAllowlist(['not-an-ip', '10.0.0.0/33', '10.0.0.1/8/1']);
    expect(list.invalidEntries).toEqual(['not-an-ip', '10.0.0.0/33', '10.0.0.1/8/1']);
    expect(list.isOpen).toBe(false);
    expect(list.allows('10.0.0.1')).toBe(false);
  });

  it('refuses a source that is not an IP', () => {
    expect(new IpAllowlist(['10.0.0.0/8']).allows('garbage')).toBe(false);
  });
});
