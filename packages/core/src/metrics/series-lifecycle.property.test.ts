import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import type { HistogramPoint, ValuePoint } from '../snapshot.js';
import { ManualClock } from '../testing/manual-clock.js';

const TTL = 300_000;
const TAGS = ['a', 'b', 'c', 'd'];

type Step =
  | { kind: 'record'; tag: number; amount: number; held: boolean }
  | { kind: 'remove'; tag: number }
  | { kind: 'clear' }
  | { kind: 'advance'; ms: number }
  | { kind: 'collect' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('record' as const),
    tag: fc.nat(TAGS.length - 1),
    amount: fc.integer({ min: 1, max: 50 }),
    held: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('remove' as const), tag: fc.nat(TAGS.length - 1) }),
  fc.constant({ kind: 'clear' as const }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 200_000 }) }),
  fc.constant({ kind: 'collect' as const }),
);

/** What the model expects of one live series. */
interface ModelSeries {
  value: number;
  dirty: boolean;
  activeAt: number;
}

describe('series lifecycle (property)', () => {
  it('snapshots match a model; cumulative values never drop within one start time; totals are conserved', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const clock = new ManualClock();
        const registry = new MemoryRegistry(createMetricStore({ clock, onError: () => {} }));
        const counter = registry.counter('events_total', { expireAfter: TTL });
        const histogram = registry.histogram('sizes', { expireAfter: TTL, buckets: [10, 100] });
        const heldCounters = TAGS.map((t) => counter.withTags({ t }));
        const heldHistograms = TAGS.map((t) => histogram.withTags({ t }));
        // Handles asked for are series at zero (exported, and subject to expiry) from the start.
        const model = new Map<string, ModelSeries>(
          TAGS.map((t) => [t, { value: 0, dirty: false, activeAt: clock.now() }]),
        );
        /**
         * Highest value seen per stream: one life of a series, from creation to its drop. Keyed by a
         * generation, not by startTime: with a manual clock that did not move, a series re-created
         * after remove/clear has the same start time as the one it replaces.
         */
        const streams = new Map<string, number>();
        const generations = new Map<string, number>();
        const startTimes = new Map<string, number>();
        let recorded = 0;
        let dropped = 0;
        const drop = (tag: string) => {
          const series = model.get(tag);
          if (series !== undefined) dropped += series.value;
          if (model.delete(tag)) generations.set(tag, (generations.get(tag) ?? 0) + 1);
        };
        for (const s of steps) {
          if (s.kind === 'record') {
            const tag = TAGS[s.tag]!;
            const c = s.held ? heldCounters[s.tag]! : counter.withTags({ t: tag });
            const h = s.held ? heldHistograms[s.tag]! : histogram.withTags({ t: tag });
            c.add(s.amount);
            for (let i = 0; i < s.amount; i++) h.observe(i);
            recorded += s.amount;
            const series = model.get(tag) ?? { value: 0, dirty: false, activeAt: clock.now() };
            series.value += s.amount;
            series.dirty = true;
            model.set(tag, series);
          } else if (s.kind === 'remove') {
            const tag = TAGS[s.tag]!;
            expect(counter.remove({ t: tag })).toBe(model.has(tag));
            // A second remove finds nothing: the series is gone, not reset in place.
            expect(counter.remove({ t: tag })).toBe(false);
            histogram.remove({ t: tag });
            drop(tag);
          } else if (s.kind === 'clear') {
            counter.clear();
            histogram.clear();
            for (const tag of [...model.keys()]) drop(tag);
          } else if (s.kind === 'advance') {
            clock.advance(s.ms);
          } else {
            const now = clock.now();
            for (const [tag, series] of [...model]) {
              if (series.dirty) {
                series.dirty = false;
                series.activeAt = now;
              } else if (now - series.activeAt >= TTL) drop(tag);
            }
            const snapshot = await registry.snapshot();
            const allCounts = snapshot.metrics.find((m) => m.name === 'events_total')?.points ?? [];
            const allHist = (snapshot.metrics.find((m) => m.name === 'sizes')?.points ??
              []) as HistogramPoint[];
            // A family left with no tagged series shows its untagged series at zero, as a new metric
            // does (prom-client's behaviour); the model only tracks tagged series.
            for (const p of allCounts) if (p.tags.length === 0) expect((p as ValuePoint).value).toBe(0);
            for (const p of allHist) if (p.tags.length === 0) expect(p.count).toBe(0);
            const counts = allCounts.filter((p) => p.tags.length > 0);
            const hist = allHist.filter((p) => p.tags.length > 0);
            const seen = new Map(counts.map((p) => [p.tags[0]!.value, p as ValuePoint]));
            expect([...seen.keys()].sort()).toEqual([...model.keys()].sort());
            expect(hist.map((p) => p.tags[0]!.value).sort()).toEqual([...model.keys()].sort());
            for (const [tag, point] of seen) {
              expect(point.value).toBe(model.get(tag)!.value);
              const stream = `${tag}#${generations.get(tag) ?? 0}`;
              expect(point.value).toBeGreaterThanOrEqual(streams.get(stream) ?? 0);
              streams.set(stream, point.value);
              const previousStart = startTimes.get(tag);
              if (previousStart !== undefined) expect(point.startTime).toBeGreaterThanOrEqual(previousStart);
              startTimes.set(tag, point.startTime!);
            }
            for (const point of hist) {
              expect(point.count).toBe(model.get(point.tags[0]!.value)!.value);
              expect(point.startTime).toBe(seen.get(point.tags[0]!.value)!.startTime);
            }
            const live = [...seen.values()].reduce((sum, p) => sum + p.value, 0);
            expect(live + dropped).toBe(recorded);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
