/**
 * exceljs's zip reader can wait forever on some damaged files instead of failing (it stops
 * asking for input and no error is ever emitted). While we wait on it, a watchdog fails the
 * parse once neither input bytes nor rows have moved for `stallMs`; time the caller spends
 * between lines does not count.
 */
export class StallGuard {
  private lastProgress = Date.now();
  private pending: { since: number; reject: (error: unknown) => void } | undefined;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly stallMs: number) {
    this.timer = setInterval(() => this.check(), Math.max(10, Math.min(1000, stallMs / 4)));
  }

  progress(): void {
    this.lastProgress = Date.now();
  }

  wait<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending = { since: Date.now(), reject };
      promise.then(
        (value) => {
          this.pending = undefined;
          this.progress();
          resolve(value);
        },
        (error: unknown) => {
          this.pending = undefined;
          reject(error);
        },
      );
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const pending = this.pending;
    if (pending && Date.now() - Math.max(pending.since, this.lastProgress) > this.stallMs) {
      this.pending = undefined;
      pending.reject(new Error('the workbook stopped making progress'));
    }
  }
}
