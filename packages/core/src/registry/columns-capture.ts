import { keepShape } from '../keep-shape.js';
import type { MetricFamily, Series, SeriesWalkVisitor } from '../metrics/family.js';
import type { StepwiseWalk } from '../metrics/series-cursor.js';
import type { CanonicalTags } from '../tags.js';
import { type TagColumns, TagColumnsBuilder } from './tag-columns.js';

/**
 * Reads a family's series into columns in steps: {@link ColumnsCapture.step} reads up to a budget of
 * series and returns, so collection can let the event loop in between (a family of 100,000 series
 * read in one go stalled the application 20-40 ms). Series recorded meanwhile are read at the value
 * they have when their step comes. If series are dropped while a capture is under way, it starts
 * over and reads everything in one go: a dropped tag set recorded again would otherwise be read twice,
 * and a scraper rejects a whole exposition with a repeated series.
 */
export abstract class ColumnsCapture<S extends Series> implements SeriesWalkVisitor<S> {
  protected tags!: TagColumnsBuilder;
  private cursor!: StepwiseWalk;
  private detachments = 0;

  constructor(
    protected readonly family: MetricFamily<S>,
    private readonly global: CanonicalTags,
  ) {}

  /** Reads up to `budget` more series (at least one while any is left); true when all are read. */
  step(budget: number): boolean {
    if (this.cursor === undefined) this.start();
    else if (this.family.detachments !== this.detachments) {
      this.start();
      this.cursor.walk(Number.POSITIVE_INFINITY);
      return true;
    }
    this.cursor.walk(budget);
    return this.cursor.finished;
  }

  /** Reads every series now. */
  all(): this {
    while (!this.step(Number.POSITIVE_INFINITY));
    return this;
  }

  private start(): void {
    const capacity = Math.max(16, this.family.size + 1);
    this.tags = new TagColumnsBuilder(capacity, this.global);
    this.startValues(capacity);
    this.detachments = this.family.detachments;
    // The capture is its own visitor, with methods: see TrieCursorVisitor for why not closures.
    this.cursor = this.family.seriesCursor(this);
    // Every field is set now: keep this shape, and the collection code optimized for it, alive.
    keepShape(this);
  }

  /** @internal The untagged series (visitor method; see {@link SeriesWalkVisitor}). */
  root(series: S): void {
    this.tags.root();
    this.add(series, this.tags.series([], 0));
  }

  /** @internal Starts a key set (visitor method). */
  keySet(keys: readonly string[]): void {
    this.tags.keySet(keys);
  }

  /** @internal One series (visitor method). */
  series(levelValues: readonly unknown[], changed: number, series: S): void {
    this.add(series, this.tags.series(levelValues, changed));
  }

  /** The tag columns read so far. */
  protected tagColumns(): TagColumns {
    return this.tags.build();
  }

  /** Sets up empty value arrays for about `capacity` series. */
  protected abstract startValues(capacity: number): void;
  /** Stores the values of `series` as series number `index`. */
  protected abstract add(series: S, index: number): void;
}
