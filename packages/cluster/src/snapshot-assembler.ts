import type { MetricSnapshot, Snapshot } from '@meterkit/core';
import type { PartMessage } from './protocol.js';
import { decodePart } from './wire-format.js';

/**
 * Rebuilds one snapshot from its part messages. A metric cut across two parts arrives as two
 * entries with the same name, one after the other: they are joined back into one metric, since an
 * exposition must not repeat a family.
 */
export class SnapshotAssembler {
  private readonly metrics: MetricSnapshot[] = [];
  private timestamp = 0;

  /** Adds a part; returns the whole snapshot after the final one. */
  add(message: PartMessage): Snapshot | undefined {
    this.timestamp = message.ts;
    for (const metric of decodePart(message.metrics)) {
      const previous = this.metrics[this.metrics.length - 1];
      if (previous !== undefined && previous.name === metric.name && previous.type === metric.type) {
        this.metrics[this.metrics.length - 1] = {
          ...previous,
          points: [...previous.points, ...metric.points],
        } as MetricSnapshot;
      } else {
        this.metrics.push(metric);
      }
    }
    if (!message.final) return undefined;
    return Object.freeze({ timestamp: this.timestamp, metrics: Object.freeze(this.metrics) });
  }
}
