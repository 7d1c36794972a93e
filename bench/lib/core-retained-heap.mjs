/**
 * Retained heap per series for core.bench.mjs: N counter / histogram series in meterkit, prom-client
 * and OpenTelemetry, each in a fresh instance, with the tag value strings created before any baseline.
 */
import { retainedPerSeries } from './heap-probe.mjs';
import {
  createMeterkit,
  createOtel,
  createProm,
  meterkitSeriesCount,
  otelSeriesCount,
} from './libraries.mjs';
import {
  COMBOS,
  DEFAULT_BOUNDS,
  LABEL_NAMES,
  METHOD,
  OBS_COUNT,
  OBSERVATIONS,
  STATUS,
} from './tag-values.mjs';

/**
 * @param {number} SERIES  series per measurement
 * @param {string[]} mismatches  receives a line for every library that does not hold SERIES series
 * @returns {Promise<Record<string, { bytesPerSeries: number }>>}
 */
export async function measureRetainedHeap(SERIES, mismatches) {
  // Tag values exist before any baseline, so they are excluded for every library alike. Short strings
  // (< 13 chars) are flat in V8, so no library pays for flattening a cons-string either.
  const UNIQUE = Array.from({ length: SERIES }, (_, i) => `/item/${i}`);
  const memory = {};
  // meterkit folds tag sets past a cardinality limit (default 2,000) into one overflow series; lift it
  // per metric so that N real series are measured (older core builds simply ignore the option).
  const UNCAPPED = { cardinalityLimit: SERIES * 2 };
  const mkMem = {
    first: await createMeterkit(),
    mid: await createMeterkit(),
    last: await createMeterkit(),
    hist: await createMeterkit(),
  };
  const otelMem = { first: createOtel(), mid: createOtel(), last: createOtel(), hist: createOtel() };

  /** Counter series with tags { method, route (unique), status }; the unique key sorts in the middle. */
  memory.counterMkMid = await retainedPerSeries(
    SERIES,
    () => mkMem.mid.counter('mem_total', UNCAPPED),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.withTags({ method: METHOD[k], route: UNIQUE[i], status: STATUS[k] }).inc();
      }
      return counter.withTags({ method: METHOD[0], route: UNIQUE[0], status: STATUS[0] }).value();
    },
  );
  memory.counterPromMid = await retainedPerSeries(
    SERIES,
    () => createProm().counter('mem_total', LABEL_NAMES),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.inc({ method: METHOD[k], route: UNIQUE[i], status: STATUS[k] });
      }
      return 1;
    },
  );
  memory.counterOtelMid = await retainedPerSeries(
    SERIES,
    () => otelMem.mid.meter.createCounter('mem'),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.add(1, { method: METHOD[k], route: UNIQUE[i], status: STATUS[k] });
      }
      return 1;
    },
  );

  /** Same, but the unique key (`user`) sorts last: { method, status, user }. */
  memory.counterMkLast = await retainedPerSeries(
    SERIES,
    () => mkMem.last.counter('mem_last_total', UNCAPPED),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.withTags({ method: METHOD[k], status: STATUS[k], user: UNIQUE[i] }).inc();
      }
      return 1;
    },
  );
  memory.counterPromLast = await retainedPerSeries(
    SERIES,
    () => createProm().counter('mem_last_total', ['method', 'status', 'user']),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.inc({ method: METHOD[k], status: STATUS[k], user: UNIQUE[i] });
      }
      return 1;
    },
  );
  memory.counterOtelLast = await retainedPerSeries(
    SERIES,
    () => otelMem.last.meter.createCounter('mem_last'),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.add(1, { method: METHOD[k], status: STATUS[k], user: UNIQUE[i] });
      }
      return 1;
    },
  );

  /** Same, but the unique key (`id`) sorts first: { id, method, status }. */
  memory.counterMkFirst = await retainedPerSeries(
    SERIES,
    () => mkMem.first.counter('mem_first_total', UNCAPPED),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.withTags({ id: UNIQUE[i], method: METHOD[k], status: STATUS[k] }).inc();
      }
      return 1;
    },
  );
  memory.counterPromFirst = await retainedPerSeries(
    SERIES,
    () => createProm().counter('mem_first_total', ['id', 'method', 'status']),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.inc({ id: UNIQUE[i], method: METHOD[k], status: STATUS[k] });
      }
      return 1;
    },
  );
  memory.counterOtelFirst = await retainedPerSeries(
    SERIES,
    () => otelMem.first.meter.createCounter('mem_first'),
    (counter) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        counter.add(1, { id: UNIQUE[i], method: METHOD[k], status: STATUS[k] });
      }
      return 1;
    },
  );

  /** Default-bucket histograms, tags { method, route (unique), status }. */
  memory.histMk = await retainedPerSeries(
    SERIES,
    () => mkMem.hist.histogram('mem_seconds', UNCAPPED),
    (histogram) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        histogram
          .withTags({ method: METHOD[k], route: UNIQUE[i], status: STATUS[k] })
          .observe(OBSERVATIONS[i % OBS_COUNT]);
      }
      return 1;
    },
  );
  memory.histProm = await retainedPerSeries(
    SERIES,
    () => createProm().histogram('mem_seconds', LABEL_NAMES),
    (histogram) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        histogram.observe(
          { method: METHOD[k], route: UNIQUE[i], status: STATUS[k] },
          OBSERVATIONS[i % OBS_COUNT],
        );
      }
      return 1;
    },
  );
  memory.histOtel = await retainedPerSeries(
    SERIES,
    () => otelMem.hist.meter.createHistogram('mem', { advice: { explicitBucketBoundaries: DEFAULT_BOUNDS } }),
    (histogram) => {
      for (let i = 0; i < SERIES; i++) {
        const k = i % COMBOS;
        histogram.record(OBSERVATIONS[i % OBS_COUNT], {
          method: METHOD[k],
          route: UNIQUE[i],
          status: STATUS[k],
        });
      }
      return 1;
    },
  );

  // Every library must really hold N series (no cardinality cap or overflow series in the way).
  for (const [label, provider, name] of [
    ['counter, unique first', mkMem.first, 'mem_first_total'],
    ['counter, unique in the middle', mkMem.mid, 'mem_total'],
    ['counter, unique last', mkMem.last, 'mem_last_total'],
    ['histogram', mkMem.hist, 'mem_seconds'],
  ]) {
    const held = await meterkitSeriesCount(provider, name);
    if (held !== SERIES)
      mismatches.push(`meterkit memory run (${label}) holds ${held} series, expected ${SERIES}`);
  }
  for (const [label, instance, name] of [
    ['counter, unique first', otelMem.first, 'mem_first'],
    ['counter, unique in the middle', otelMem.mid, 'mem'],
    ['counter, unique last', otelMem.last, 'mem_last'],
    ['histogram', otelMem.hist, 'mem'],
  ]) {
    const held = await otelSeriesCount(instance.reader, name);
    if (held !== SERIES)
      mismatches.push(`OTel memory run (${label}) holds ${held} series, expected ${SERIES}`);
  }

  return memory;
}
