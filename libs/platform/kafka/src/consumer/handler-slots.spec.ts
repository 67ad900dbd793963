import { HandlerSlots } from './handler-slots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Work that runs until it is told to end (or fail), recording in `started` when it began. */
class ControlledWork {
  private end: (failed: boolean) => void = () => undefined;
  private readonly ended = new Promise<boolean>((resolve) => {
    this.end = resolve;
  });

  constructor(
    private readonly started: string[],
    readonly name: string,
  ) {}

  readonly work = async (): Promise<string> => {
    this.started.push(this.name);
    if (await this.ended) throw new Error(`${this.name} failed`);
    return this.name;
  };

  finish(failed = false): void {
    this.end(failed);
  }
}

describe('HandlerSlots', () => {
  it('runs at most `size` at once and hands a freed slot to the longest waiting, failure or not', async () => {
    const slots = new HandlerSlots(2);
    const started: string[] = [];
    const a = new ControlledWork(started, 'a');
    const b = new ControlledWork(started, 'b');
    const c = new ControlledWork(started, 'c');
    const d = new ControlledWork(started, 'd');
    const results = [a, b, c, d].map((w) =>
      slots.run(w.work).catch((error: unknown) => (error instanceof Error ? error.message : 'unknown')),
    );
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(slots.running).toBe(2);
    b.finish(true);
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    a.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    c.finish();
    d.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b failed', 'c', 'd']);
    expect(slots.running).toBe(0);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new HandlerSlots(0)).toThrow(RangeError);
    expect(() => new HandlerSlots(1.5)).toThrow(RangeError);
  });
});
