/**
 * `withTags` among many series for core.bench.mjs: one counter with N series (tags { method, route,
 * status }, route unique per series), looked up in a fixed pseudo-random order, so each call is a
 * real lookup among N series with cold caches, not one of a few hot ones. Tag values are fresh
 * strings (not literals), as values read from requests are.
 */

import { meterkitSeriesCount, otelSeriesCount, otelTotal, promTotal } from './libraries.mjs';
import { compare } from './measure-ns.mjs';

const METHODS = ['GET', 'POST', 'PUT'];
const STATUSES = ['200', '201', '404', '500'];
const ORDER_SIZE = 1 << 20;

/**
 * @param {number} SERIES  series in the counter
 * @param {{ counter: Function }} mk  a meterkit provider
 * @param {{ counter: Function }} prom  createProm()
 * @param {{ meter: any, reader: any }} otel  createOtel()
 * @param {string[]} mismatches  receives a line for every library whose total is off
 */
export async function measureHighCardinalityLookup(SERIES, mk, prom, otel, mismatches) {
  const records = Array.from({ length: SERIES }, (_, i) => ({
    method: METHODS[i % METHODS.length],
    route: `/item/${i}`,
    status: STATUSES[i % STATUSES.length],
  }));
  const order = new Int32Array(ORDER_SIZE);
  let seed = 12345;
  for (let i = 0; i < ORDER_SIZE; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    order[i] = seed % SERIES;
  }
  const mkCounter = mk.counter('many_series_total', { cardinalityLimit: SERIES * 2 });
  const promCounter = prom.counter('many_series_total', ['method', 'route', 'status']);
  const otelCounter = otel.meter.createCounter('many_series');
  // Every series exists before timing starts: the rounds time lookups, not creation.
  for (const tags of records) {
    mkCounter.withTags(tags).inc();
    promCounter.inc(tags);
    otelCounter.add(1, tags);
  }
  const result = compare({
    meterkit: function meterkitWithTagsAmongMany(n) {
      const counter = mkCounter;
      for (let i = 0; i < n; i++) counter.withTags(records[order[i & (ORDER_SIZE - 1)]]).inc();
      return n;
    },
    prom: function promIncAmongMany(n) {
      const counter = promCounter;
      for (let i = 0; i < n; i++) counter.inc(records[order[i & (ORDER_SIZE - 1)]]);
      return n;
    },
    otel: function otelAddAmongMany(n) {
      const counter = otelCounter;
      for (let i = 0; i < n; i++) counter.add(1, records[order[i & (ORDER_SIZE - 1)]]);
      return n;
    },
  });
  // Totals: the creation pass plus every timed call.
  let mkTotal = 0;
  for (const tags of records) mkTotal += mkCounter.withTags(tags).value();
  const expect = (label, total, calls) => {
    if (total !== SERIES + calls)
      mismatches.push(`${label} among ${SERIES} series: total ${total}, expected ${SERIES + calls}`);
  };
  expect('meterkit withTags', mkTotal, result.meterkit.calls);
  expect('prom-client inc(labels)', await promTotal(promCounter), result.prom.calls);
  expect('OTel add(1, attrs)', await otelTotal(otel.reader, 'many_series'), result.otel.calls);
  // And each really held N series (no cardinality cap or overflow series in the way).
  for (const [label, held] of [
    ['meterkit', await meterkitSeriesCount(mk, 'many_series_total')],
    ['OTel', await otelSeriesCount(otel.reader, 'many_series')],
  ]) {
    if (held !== SERIES)
      mismatches.push(`${label} holds ${held} series for the lookup case, expected ${SERIES}`);
  }
  return result;
}
