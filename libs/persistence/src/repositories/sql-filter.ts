import { decodeCursor } from '../pagination/cursor';

/** Builds a WHERE clause and its positional parameters for a filtered, keyset-paged list. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds `condition` when the value is given; `condition` receives the value's placeholder. */
  where(value: unknown, condition: (placeholder: string) => string): this {
    if (value !== undefined) this.conditions.push(condition(this.param(value)));
    return this;
  }

  /** Rows strictly after the cursor's position in a (timestamp DESC, id DESC) order. */
  after(cursor: string | null | undefined, timeColumn: string): this {
    if (cursor) {
      const position = decodeCursor(cursor);
      this.conditions.push(`(${timeColumn}, id) < (${this.param(position.at)}, ${this.param(position.id)})`);
    }
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get clause(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
