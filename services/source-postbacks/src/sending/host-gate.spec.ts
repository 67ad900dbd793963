import { HostGate } from './host-gate';

describe('HostGate', () => {
  let now = 0;
  const gate = () => new HostGate({ perHost: 2, failuresToOpen: 3, cooldownMs: 1000, now: () => now });
  /** One whole attempt: slot taken, outcome reported, slot given back once recorded. */
  const attempt = (g: HostGate, host: string, result: 'success' | 'failure' | 'neutral') => {
    expect(g.acquire(host)).toBe(true);
    const opened = g.report(host, result);
    g.release(host);
    return opened;
  };

  beforeEach(() => {
    now = 0;
  });

  it('limits deliveries in flight per host, independently of other hosts', () => {
    const g = gate();
    expect(g.acquire('a')).toBe(true);
    expect(g.acquire('a')).toBe(true);
    expect(g.acquire('a')).toBe(false);
    expect(g.acquire('b')).toBe(true);
    expect(g.slots().get('a')).toBe(0);
    expect(g.slots().get('b')).toBe(1);
    g.report('a', 'success');
    expect(g.slots().get('a')).toBe(0); // answered, not yet recorded: the slot is still taken
    g.release('a');
    expect(g.slots().get('a')).toBe(1);
  });

  it('opens after consecutive failures, lets one probe through after the cooldown, closes on success', () => {
    const g = gate();
    for (let i = 0; i < 2; i++) expect(attempt(g, 'a', 'failure')).toBeNull();
    expect(attempt(g, 'a', 'failure')).toBe(1000); // opened: closed to sends until t=1000
    expect(g.state('a')).toBe('open');
    expect(g.acquire('a')).toBe(false);
    now = 1000;
    expect(g.state('a')).toBe('half-open');
    expect(g.acquire('a')).toBe(true);
    expect(g.acquire('a')).toBe(false); // one probe at a time
    g.report('a', 'success');
    expect(g.state('a')).toBe('closed');
    g.release('a');
    expect(g.slots().has('a')).toBe(false);
  });

  it('a failed probe opens the circuit again for longer; neutral results do not count', () => {
    const g = gate();
    for (let i = 0; i < 3; i++) attempt(g, 'a', 'failure');
    now = 1000;
    attempt(g, 'a', 'failure');
    expect(g.state('a')).toBe('open');
    now = 2500;
    expect(g.state('a')).toBe('open'); // 2 × cooldown from t=1000
    now = 3000;
    expect(g.state('a')).toBe('half-open');
    attempt(g, 'b', 'neutral');
    expect(g.state('b')).toBe('closed');
    expect(g.slots().has('b')).toBe(false);
  });
});
