export interface HostGateOptions {
  /** Deliveries in flight per host. */
  readonly perHost: number;
  /** Consecutive failures that open a host's circuit. */
  readonly failuresToOpen: number;
  /** How long an open circuit lets nothing through before one probe. */
  readonly cooldownMs: number;
  readonly now?: () => number;
}

interface HostState {
  inFlight: number;
  failures: number;
  /** While now < openUntil nothing is sent; after it, one probe at a time (half-open). */
  openUntil: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Per-destination limits, so a slow or dead host never delays the others: at most `perHost`
 * deliveries in flight per host, and a circuit breaker that stops sending to a host after
 * `failuresToOpen` consecutive failures, lets one probe through after `cooldownMs`, and closes on
 * its success (or opens again, with a doubled cooldown up to 32×, on its failure).
 */
export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  private readonly now: () => number;

  constructor(private readonly options: HostGateOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Free slots of every host that has fewer than `perHost` (absent hosts have all of them). */
  slots(): Map<string, number> {
    const slots = new Map<string, number>();
    for (const [host, state] of this.hosts) slots.set(host, this.freeSlots(state));
    return slots;
  }

  state(host: string): CircuitState {
    const state = this.hosts.get(host);
    if (!state || state.failures < this.options.failuresToOpen) return 'closed';
    return this.now() < state.openUntil ? 'open' : 'half-open';
  }

  /** Until when the host's circuit is open (epoch ms); null when it is not open. */
  openUntil(host: string): number | null {
    const state = this.hosts.get(host);
    return state && this.state(host) === 'open' ? state.openUntil : null;
  }

  /** Hosts whose circuit is open now. */
  openCount(): number {
    let open = 0;
    for (const host of this.hosts.keys()) if (this.state(host) === 'open') open += 1;
    return open;
  }

  /** Takes a slot; false when the host has none free (the caller must not send). */
  acquire(host: string): boolean {
    const state = this.stateOf(host);
    if (this.freeSlots(state) <= 0) return false;
    state.inFlight += 1;
    return true;
  }

  /**
   * Counts how an attempt went (`failure` towards the circuit) while its slot stays taken. Returns
   * the time the circuit stays open until when this report opened it (or kept it open), else null.
   */
  report(host: string, result: 'success' | 'failure' | 'neutral'): number | null {
    const state = this.stateOf(host);
    if (result === 'success') state.failures = 0;
    else if (result === 'failure') {
      state.failures += 1;
      const over = state.failures - this.options.failuresToOpen;
      if (over >= 0) {
        state.openUntil = this.now() + this.options.cooldownMs * 2 ** Math.min(over, 5);
        return state.openUntil;
      }
    }
    return null;
  }

  /**
   * Gives the slot back once the attempt is over, its outcome recorded: a crash can then have sent
   * at most `perHost` of a host's deliveries without recording them (each is sent again).
   */
  release(host: string): void {
    const state = this.stateOf(host);
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (state.inFlight === 0 && state.failures === 0) this.hosts.delete(host);
  }

  private freeSlots(state: HostState): number {
    if (state.failures >= this.options.failuresToOpen) {
      if (this.now() < state.openUntil) return 0;
      return state.inFlight === 0 ? 1 : 0; // half-open: one probe
    }
    return this.options.perHost - state.inFlight;
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { inFlight: 0, failures: 0, openUntil: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }
}
