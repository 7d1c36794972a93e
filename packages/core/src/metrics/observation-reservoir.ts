import type { RecentObservations } from '../snapshot.js';

/**
 * Keeps a bounded uniform sample of the observations since the last push (Vitter's algorithm R), for
 * exporters whose backend computes percentiles itself (StatsD timers): with fewer observations than
 * the capacity, the backend sees every one of them and its percentiles are exact.
 */
export class ObservationReservoir {
  private values: number[] = [];
  private count = 0;

  constructor(readonly capacity: number) {}

  add(value: number): void {
    const seen = ++this.count;
    if (seen <= this.capacity) {
      this.values.push(value);
      return;
    }
    const slot = Math.floor(Math.random() * seen);
    if (slot < this.capacity) this.values[slot] = value;
  }

  /** Hands over what was kept and starts the next interval empty. */
  drain(): RecentObservations {
    const drained = { values: this.values, count: this.count };
    this.values = [];
    this.count = 0;
    return drained;
  }
}
