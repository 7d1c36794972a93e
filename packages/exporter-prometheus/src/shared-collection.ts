/**
 * At most one collection in flight, and optionally a minimum interval between collections: the
 * guard that keeps a scrape storm (many scrapers, a retry loop, a load balancer health-checking
 * `/metrics`) from costing the application one full collection per request.
 *
 * Every caller during a collection gets that collection's result. With `minIntervalMs > 0`, a
 * successful result is reused until `minIntervalMs` after the collection *finished*: measured from
 * the end, a burst that arrives while a slow collection runs on a loaded machine still fits in one
 * window, and collections never start closer together than that. Failures are not reused: the
 * next caller tries again.
 */
export class SharedCollection<T> {
  private inflight: Promise<T> | undefined;
  private latest: { readonly value: T; readonly finishedAt: number } | undefined;

  /**
   * @param produce - runs one collection.
   * @param minIntervalMs - how long a result is reused, measured from the end of its collection; 0 only shares the one in flight.
   * @param now - monotonic milliseconds (the exporter context's clock).
   */
  constructor(
    private readonly produce: () => Promise<T>,
    private readonly minIntervalMs: number,
    private readonly now: () => number,
  ) {}

  /** The current result: the reused one, the one in flight, or a new collection. */
  get(): Promise<T> {
    const latest = this.latest;
    if (latest !== undefined && this.now() - latest.finishedAt < this.minIntervalMs) {
      return Promise.resolve(latest.value);
    }
    this.latest = undefined;
    if (this.inflight === undefined) {
      const collection = Promise.resolve().then(() => this.produce());
      this.inflight = collection;
      collection.then(
        (value) => {
          if (this.inflight === collection) this.inflight = undefined;
          if (this.minIntervalMs > 0) this.latest = { value, finishedAt: this.now() };
        },
        () => {
          if (this.inflight === collection) this.inflight = undefined;
        },
      );
    }
    return this.inflight;
  }

  /**
   * Restarts the reuse window of `value` from now, when it is still the current result: its
   * response bodies took until now to serialize and compress, and scrapes arriving meanwhile on a
   * busy machine belong to the same burst. Each collection is serialized at most four times (two
   * formats, plain and gzipped), so this extends a result's life by those times at most.
   */
  extend(value: T): void {
    if (this.latest !== undefined && this.latest.value === value) {
      this.latest = { value, finishedAt: this.now() };
    }
  }

  /**
   * Whole seconds until a new collection may start (at least 1): the `Retry-After` of an answer
   * derived from the current result, since asking earlier returns the same result.
   */
  retryAfterSeconds(): number {
    const latest = this.latest;
    if (latest === undefined) return 1;
    const remainingMs = latest.finishedAt + this.minIntervalMs - this.now();
    return Math.max(1, Math.ceil(remainingMs / 1000));
  }
}
