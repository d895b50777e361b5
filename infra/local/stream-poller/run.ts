/**
 * What the parts of one running poller share: whether it was stopped, the tick counter that
 * `drain()` compares progress against, and the sleeps that `drain()` and `stop()` cut short.
 */
export class PollerRun {
  stopped = false;
  private ticks = 0;
  private readonly wakers = new Set<() => void>();

  /** A new tick: whatever happens after it happened after everything stamped earlier. */
  tick(): number {
    return ++this.ticks;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }

  private hold?: { released: Promise<void>; release: () => void };

  /** Readers stop reading at their next poll until `resume`: a benchmark pass without the consumer beside it. */
  pause(): void {
    if (this.hold) return;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.hold = { released, release };
  }

  resume(): void {
    this.hold?.release();
    this.hold = undefined;
    this.wakeAll();
  }

  /** Resolves at once unless paused; then when resumed. */
  async unpaused(): Promise<void> {
    while (this.hold) await this.hold.released;
  }
}
