import type { ValuePoint } from '../snapshot.js';
import { type CanonicalTags, EMPTY_TAGS, type TagsArgument } from '../tags.js';
import type { Counter } from '../types.js';
import { type ExemplarCounterSeries, installCounterExemplars } from './exemplar-series.js';
import { type FamilyDescriptor, type IdleTracked, MetricFamily, Series } from './family.js';
import { rejectedValue } from './rejected-value.js';

/** One series of a counter. It is itself the `Counter` handle, so a held child costs one field add. */
export class CounterSeries extends Series implements Counter {
  declare readonly family: CounterFamily;
  /** Smi while increments are integers, so V8 keeps it unboxed. */
  current = 0;

  inc(): void {
    // A dropped series' handle re-attaches itself first (one well-predicted branch on the hot path).
    if (this.trieTail === null) {
      this.family.reattach(this).inc();
      return;
    }
    this.current += 1;
  }

  add(value: number): void {
    // `typeof` first: `'5' >= 0` is true, and `+=` would then concatenate strings into the counter.
    // `value >= 0` is false for NaN, and the last check rejects +Infinity.
    if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
      throw rejectedValue(
        this.family.name,
        'add',
        value,
        'a counter only increases by a finite, non-negative amount',
      );
    }
    if (this.trieTail === null) {
      this.family.reattach(this).add(value);
      return;
    }
    this.current += value;
  }

  remove(...tags: TagsArgument[]): boolean;
  remove(): boolean {
    return this.family.remove(this, arguments);
  }

  clear(): void {
    this.family.clear();
  }

  // The declared signature is the API's; the implementation reads `arguments` so a one-argument
  // call allocates no rest array on the hot path. Each metric class has its own copy on purpose:
  // one shared base-class method would make this call site polymorphic across metric kinds.
  withTags(...tags: TagsArgument[]): Counter;
  withTags(): Counter {
    if (arguments.length === 1) {
      const hit = this.family.lookup(this, arguments[0]);
      if (hit !== undefined) return hit;
    }
    return this.family.resolve(this, arguments);
  }

  value(): number {
    return this.current;
  }

  isPristine(): boolean {
    return this.current === 0;
  }

  reset(): void {
    this.current = 0;
  }
}

/**
 * A counter series of a family with `expireAfter`: what the idle check needs lives here, so that
 * the series of every other counter do not carry it. Same prototype methods: a call site that sees
 * both kinds stays polymorphic over two shapes at most.
 */
export class ExpiringCounterSeries extends CounterSeries implements IdleTracked {
  activeOffset = this.startOffset;
  /** `current` at the previous idle check (collection only). */
  private checked = 0;

  recordedSinceLastCheck(): boolean {
    const moved = this.current !== this.checked;
    this.checked = this.current;
    return moved;
  }

  override reset(): void {
    super.reset();
    this.checked = 0;
  }
}

// Series that get exemplars installed are made by a constructor of their own: V8 sizes the objects
// of a constructor by every shape its first few instances grow into, so the exemplar fields added
// to plain series widened every later series of the process (32 bytes per counter series).
class ExemplarHostCounterSeries extends CounterSeries {}
class ExemplarHostExpiringCounterSeries extends ExpiringCounterSeries {}

/** Adds the series' latest exemplar, only when it has one (exemplars on and something recorded). */
function withExemplar(point: ValuePoint, series: CounterSeries): ValuePoint {
  const exemplar = (series as Partial<ExemplarCounterSeries>).exemplar;
  return exemplar === undefined ? point : { ...point, exemplar };
}

/** All series of one counter name. */
export class CounterFamily extends MetricFamily<CounterSeries> {
  constructor(descriptor: Omit<FamilyDescriptor, 'type'>) {
    super({ ...descriptor, type: 'counter' });
  }

  protected newSeries(): CounterSeries {
    const expiring = this.descriptor.expireAfterMs !== undefined;
    if (this.descriptor.exemplars !== true)
      return expiring ? new ExpiringCounterSeries(this) : new CounterSeries(this);
    const series = expiring
      ? new ExemplarHostExpiringCounterSeries(this)
      : new ExemplarHostCounterSeries(this);
    installCounterExemplars(series);
    return series;
  }

  /** Points with `global` tags merged in (the second parameter, reservoir draining, has no meaning here). */
  collect(global: CanonicalTags = EMPTY_TAGS, _drain = false): ValuePoint[] {
    const points: ValuePoint[] = [];
    this.forEachSeries(global, (tags, series) =>
      points.push(withExemplar({ tags, value: series.current, startTime: series.startTime }, series)),
    );
    return points;
  }
}
