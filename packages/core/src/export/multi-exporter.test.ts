import { describe, expect, it } from 'vitest';
import { ExportTimeoutError } from '../errors.js';
import type { Snapshot } from '../snapshot.js';
import { RecordingExporter } from '../testing/recording-exporter.js';
import type { Exporter } from './exporter.js';
import { MultiExporter } from './multi-exporter.js';

const snapshot: Snapshot = { timestamp: 1, metrics: [] };

const failing = (name: string, how: 'reject' | 'throw' | 'hang'): Exporter => ({
  name,
  export: () => {
    if (how === 'throw') throw new Error(`${name} threw`);
    if (how === 'reject') return Promise.reject(new Error(`${name} rejected`));
    return new Promise(() => {});
  },
  shutdown: async () => {},
});

describe('MultiExporter', () => {
  it('gives every exporter the same snapshot even when others throw, reject or hang', async () => {
    const errors: Array<[string, Error]> = [];
    const a = new RecordingExporter('a');
    const b = new RecordingExporter('b');
    const multi = new MultiExporter(
      [failing('thrower', 'throw'), a, failing('rejecter', 'reject'), failing('hanger', 'hang'), b],
      (error, source) => errors.push([source, error]),
      100,
    );
    const started = Date.now();
    await multi.export(snapshot);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(a.snapshots).toEqual([snapshot]);
    expect(b.snapshots[0]).toBe(snapshot);
    expect(errors.map(([source]) => source).sort()).toEqual([
      'hanger export',
      'rejecter export',
      'thrower export',
    ]);
    expect(errors.find(([source]) => source === 'hanger export')![1]).toBeInstanceOf(ExportTimeoutError);
  });

  it('does not make the fast exporters wait for the hanging one', async () => {
    const fast = new RecordingExporter('fast');
    const multi = new MultiExporter([failing('hanger', 'hang'), fast], () => {}, 200);
    const pending = multi.export(snapshot);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fast.snapshots).toHaveLength(1);
    await pending;
  });

  it('shuts every exporter down, reporting failures', async () => {
    const errors: string[] = [];
    const a = new RecordingExporter('a');
    const broken: Exporter = {
      name: 'broken',
      export: async () => {},
      shutdown: () => Promise.reject(new Error('stuck socket')),
    };
    await new MultiExporter(
      [broken, a],
      (error, source) => errors.push(`${source}: ${error.message}`),
      100,
    ).shutdown();
    expect(a.shutdownCalls).toBe(1);
    expect(errors).toEqual(['broken shutdown: stuck socket']);
  });
});
