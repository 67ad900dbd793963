/**
 * Bytes of the event the reference server (bench/reference-server.ts) sends per request: the size
 * of the service's event as the click and postback benches make them (a click through the bench's
 * campaign, an accepted postback with payout and txid). The benches print their services' actual
 * mean beside it (`eventSizeLine`), so a drift shows.
 */
export const REFERENCE_EVENT_BYTES = { redirect: 665, json: 560 } as const;

/** Sums the sizes of the service's events as the bench reads them back from Kafka. */
export class EventSizes {
  private bytes = 0;
  private events = 0;

  add(value: Buffer): void {
    this.bytes += value.length;
    this.events += 1;
  }

  /** `click events: 662 bytes on average (the reference sends 665)`. */
  line(what: string, kind: keyof typeof REFERENCE_EVENT_BYTES): string {
    const mean = this.events === 0 ? 0 : Math.round(this.bytes / this.events);
    return `${what}: ${String(mean)} bytes on average (the reference sends ${String(REFERENCE_EVENT_BYTES[kind])})`;
  }
}
