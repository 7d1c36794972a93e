import { InvalidValueError } from '../errors.js';
import type { ValuePoint } from '../snapshot.js';
import { type CanonicalTags, EMPTY_TAGS, type TagsArgument } from '../tags.js';
import type { Gauge } from '../types.js';
import { type FamilyDescriptor, type IdleTracked, MetricFamily, Series } from './family.js';

/**
 * One series of a gauge, and its `Gauge` handle. Any number is accepted, NaN and ±Infinity included
 * (Prometheus allows them); anything else is an {@link InvalidValueError} and leaves the gauge as it was.
 */
export class GaugeSeries extends Series implements IdleTracked, Gauge {
  declare readonly family: GaugeFamily;
  current = 0;
  /** The idle check's clock (see `IdleTracked`); series of every kind but counters carry it. */
  activeOffset = this.startOffset;
  /** Recorded since the previous idle check (or ever, while expiry is off). */
  private touched = false;
  /** Recorded before the previous idle check: with `touched`, whether the gauge was ever set. */
  private seen = false;

  set(value: number): void {
    if (typeof value !== 'number') throw new InvalidValueError(this.family.name, 'set', value);
    if (this.trieTail === null) {
      this.family.reattach(this).set(value);
      return;
    }
    this.current = value;
    this.touched = true;
  }

  inc(): void {
    if (this.trieTail === null) {
      this.family.reattach(this).inc();
      return;
    }
    this.current += 1;
    this.touched = true;
  }

  dec(): void {
    if (this.trieTail === null) {
      this.family.reattach(this).dec();
      return;
    }
    this.current -= 1;
    this.touched = true;
  }

  add(value: number): void {
    if (typeof value !== 'number') throw new InvalidValueError(this.family.name, 'add', value);
    if (this.trieTail === null) {
      this.family.reattach(this).add(value);
      return;
    }
    this.current += value;
    this.touched = true;
  }

  sub(value: number): void {
    if (typeof value !== 'number') throw new InvalidValueError(this.family.name, 'sub', value);
    if (this.trieTail === null) {
      this.family.reattach(this).sub(value);
      return;
    }
    this.current -= value;
    this.touched = true;
  }

  // The declared signature is the API's; the implementation reads `arguments` so a one-argument
  // call allocates no rest array on the hot path. Each metric class has its own copy on purpose:
  // one shared base-class method would make this call site polymorphic across metric kinds.
  withTags(...tags: TagsArgument[]): Gauge;
  withTags(): Gauge {
    if (arguments.length === 1) {
      const hit = this.family.lookup(this, arguments[0]);
      if (hit !== undefined) return hit;
    }
    return this.family.resolve(this, arguments);
  }

  value(): number {
    return this.current;
  }

  remove(...tags: TagsArgument[]): boolean;
  remove(): boolean {
    return this.family.remove(this, arguments);
  }

  clear(): void {
    this.family.clear();
  }

  isPristine(): boolean {
    return !this.touched && !this.seen;
  }

  /** Any set/inc/dec/add/sub counts, even one that left the value as it was. */
  recordedSinceLastCheck(): boolean {
    const touched = this.touched;
    if (touched) this.seen = true;
    this.touched = false;
    return touched;
  }

  reset(): void {
    this.current = 0;
    this.touched = false;
    this.seen = false;
  }
}

/** All series of one gauge name. */
export class GaugeFamily extends MetricFamily<GaugeSeries> {
  constructor(descriptor: Omit<FamilyDescriptor, 'type'>) {
    super({ ...descriptor, type: 'gauge' });
  }

  protected newSeries(): GaugeSeries {
    return new GaugeSeries(this);
  }

  /** Points with `global` tags merged in (the second parameter, reservoir draining, has no meaning here). */
  collect(global: CanonicalTags = EMPTY_TAGS, _drain = false): ValuePoint[] {
    const points: ValuePoint[] = [];
    this.forEachSeries(global, (tags, series) =>
      points.push({ tags, value: series.current, startTime: series.startTime }),
    );
    return points;
  }
}
