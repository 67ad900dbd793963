import { formatDecimalAmount, MAX_AMOUNT_MICROS, parseDecimalAmount } from './decimal-amount';

export class CurrencyMismatchError extends Error {
  readonly code = 'money.currency-mismatch';
  constructor(left: string, right: string) {
    super(`cannot combine ${left} with ${right}`);
    this.name = 'CurrencyMismatchError';
  }
}

export class AmountOutOfRangeError extends Error {
  readonly code = 'money.out-of-range';
  constructor() {
    super('amount out of range');
    this.name = 'AmountOutOfRangeError';
  }
}

/** An exact amount in one currency (JSON form `{amount: "12.5", currency: "USD"}`). */
export class Money {
  private constructor(
    readonly micros: bigint,
    readonly currency: string,
  ) {}

  static ofMicros(micros: bigint, currency: string): Money {
    if (micros > MAX_AMOUNT_MICROS || micros < -MAX_AMOUNT_MICROS) throw new AmountOutOfRangeError();
    return new Money(micros, currency);
  }

  static zero(currency: string): Money {
    return new Money(0n, currency);
  }

  /** null when `amount` is not a decimal string with at most 6 significant decimals. */
  static parse(amount: string, currency: string): Money | null {
    const parsed = parseDecimalAmount(amount);
    return parsed.ok ? new Money(parsed.micros, currency) : null;
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.ofMicros(this.micros + other.micros, this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.ofMicros(this.micros - other.micros, this.currency);
  }

  negate(): Money {
    return new Money(-this.micros, this.currency);
  }

  /** -1, 0 or 1; only amounts of the same currency compare. */
  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.micros < other.micros ? -1 : this.micros > other.micros ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.micros === other.micros;
  }

  isZero(): boolean {
    return this.micros === 0n;
  }

  get amount(): string {
    return formatDecimalAmount(this.micros);
  }

  toJSON(): { amount: string; currency: string } {
    return { amount: this.amount, currency: this.currency };
  }

  toString(): string {
    return `${this.amount} ${this.currency}`;
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) throw new CurrencyMismatchError(this.currency, other.currency);
  }
}
