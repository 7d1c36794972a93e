/**
 * Calls `flush` every `intervalMs`, measured from the start of one flush to the start of the next,
 * but never while the previous flush is still running (a slow backend delays, never piles up).
 * The timer is `unref()`ed so it never keeps the process alive.
 */
export class FlushScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => Promise<void>,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  /** Cancels future flushes and waits for one in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref();
  }

  private tick(): void {
    const started = Date.now();
    this.running = this.flush().finally(() => {
      this.running = undefined;
      this.schedule(Math.max(0, this.intervalMs - (Date.now() - started)));
    });
  }
}
