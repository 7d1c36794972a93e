import type { MetricFilter } from '../filters/metric-filter.js';
import { MetricFilters } from '../filters/metric-filters.js';
import type { Provider } from '../types.js';

/** One series the conformance scenario records, as a backend should report it back. */
export interface ExpectedSeries {
  readonly name: string;
  readonly kind: 'counter' | 'gauge' | 'histogram' | 'timer' | 'summary' | 'callback' | 'info';
  readonly tags: Readonly<Record<string, string>>;
  readonly value?: number;
  readonly count?: number;
  readonly sum?: number;
  readonly buckets?: ReadonlyArray<{ upperBound: number; count: number }>;
  readonly quantiles?: ReadonlyArray<{ quantile: number; value: number }>;
}

/** Metrics the scenario records that no backend may receive (denied by CONFORMANCE_FILTERS). */
export const CONFORMANCE_ABSENT: readonly string[] = [`conf_suite_debug_events_total`];

/** A metric recorded with and without an empty tag value: a backend must hold exactly one series of it. */
export const CONFORMANCE_SINGLE_SERIES: readonly string[] = [`conf_suite_searches_total`];

/** Filters the scenario runs under: deny by name, redact e-mail addresses. */
export const CONFORMANCE_FILTERS: readonly MetricFilter[] = [
  MetricFilters.deny('conf_suite_debug_*'),
  MetricFilters.redactTagValues(),
];

/** Namespace, subsystem and global tags the scenario runs under. */
export const CONFORMANCE_NAMESPACE = 'conf';
export const CONFORMANCE_SUBSYSTEM = 'suite';
export const CONFORMANCE_GLOBAL_TAGS: Readonly<Record<string, string>> = { env: 'test' };

const full = (name: string) => `${CONFORMANCE_NAMESPACE}_${CONFORMANCE_SUBSYSTEM}_${name}`;

/**
 * Records the scenario: every metric type, tags in both input forms, a provider-level tag view, a
 * callback gauge and an info metric. Returns what every backend should hold afterwards. The expected
 * values are computed by hand from the recorded inputs below, not by meterkit.
 */
export function recordConformanceScenario(provider: Provider): ExpectedSeries[] {
  const requests = provider.counter('requests_total', { description: 'Requests handled' });
  requests.withTags({ method: 'GET', status: '200' }).inc();
  requests.withTags({ status: '200', method: 'GET' }).inc();
  requests.withTags({ key: 'method', value: 'GET' }, { key: 'status', value: '200' }).inc();
  requests.withTags({ method: 'POST', status: '500' }).add(2.5);

  const temperature = provider.gauge('temperature_celsius', {
    description: 'Room temperature',
    unit: 'celsius',
  });
  temperature.withTags({ room: 'a' }).set(20);
  temperature.withTags({ room: 'a' }).add(1.5);
  temperature.withTags({ room: 'b' }).set(-3);

  const sizes = provider.withTags({ route: '/users/:id' }).histogram('request_size_bytes', {
    description: 'Request sizes',
    unit: 'bytes',
    buckets: [100, 1000, 10000],
  });
  for (const size of [50, 150, 1500, 20000, 700]) sizes.observe(size);

  const jobs = provider.timer('job_duration', { description: 'Job durations' }).withTags({ job: 'import' });
  for (const seconds of [0.01, 0.2, 1.5]) jobs.record(seconds);

  const payload = provider.summary('payload_bytes', {
    description: 'Payload sizes',
    unit: 'bytes',
    quantiles: [0.5, 0.9, 0.99],
  });
  for (let i = 1; i <= 100; i++) payload.observe(i);

  provider
    .registry()
    .registerCallback('queue_depth', () => 7, { description: 'Queued jobs', tags: { queue: 'emails' } });
  provider.info('build', { description: 'Build information' }).set({ version: '1.2.3' });

  // Filters (CONFORMANCE_FILTERS): a denied metric never reaches the backend, a redacted tag value
  // arrives redacted, and a metric over its cardinality limit folds into the overflow series.
  provider.counter('debug_events_total').inc();
  const logins = provider.counter('logins_total', { description: 'Logins' });
  logins.withTags({ user: 'ada@example.com' }).inc();
  logins.withTags({ user: 'grace@example.org' }).inc();
  const tenants = provider.counter('tenant_requests_total', {
    description: 'Requests per tenant',
    cardinalityLimit: 2,
  });
  for (const [tenant, count] of [
    ['a', 1],
    ['b', 2],
    ['c', 3],
    ['d', 4],
  ] as const)
    tenants.withTags({ tenant }).add(count);

  // An empty tag value is the tag being absent (Prometheus' rule), in every backend: one series.
  const searches = provider.counter('searches_total', { description: 'Searches' });
  searches.withTags({ engine: 'web', lang: '' }).inc();
  searches.withTags({ engine: 'web' }).add(2);
  searches.withTags({ lang: '', engine: 'web' }).inc();

  const env = CONFORMANCE_GLOBAL_TAGS;
  return [
    { name: full('searches_total'), kind: 'counter', tags: { ...env, engine: 'web' }, value: 4 },
    {
      name: full('requests_total'),
      kind: 'counter',
      tags: { ...env, method: 'GET', status: '200' },
      value: 3,
    },
    {
      name: full('requests_total'),
      kind: 'counter',
      tags: { ...env, method: 'POST', status: '500' },
      value: 2.5,
    },
    { name: full('temperature_celsius'), kind: 'gauge', tags: { ...env, room: 'a' }, value: 21.5 },
    { name: full('temperature_celsius'), kind: 'gauge', tags: { ...env, room: 'b' }, value: -3 },
    {
      name: full('request_size_bytes'),
      kind: 'histogram',
      tags: { ...env, route: '/users/:id' },
      count: 5,
      sum: 22400,
      buckets: [
        { upperBound: 100, count: 1 },
        { upperBound: 1000, count: 3 },
        { upperBound: 10000, count: 4 },
        { upperBound: Number.POSITIVE_INFINITY, count: 5 },
      ],
    },
    { name: full('job_duration'), kind: 'timer', tags: { ...env, job: 'import' }, count: 3, sum: 1.71 },
    {
      name: full('payload_bytes'),
      kind: 'summary',
      tags: { ...env },
      count: 100,
      sum: 5050,
      // Exact quantiles of 1..100 at rank floor(q * (n - 1)); the sketch is within 1% of them.
      quantiles: [
        { quantile: 0.5, value: 50 },
        { quantile: 0.9, value: 90 },
        { quantile: 0.99, value: 99 },
      ],
    },
    { name: full('queue_depth'), kind: 'callback', tags: { ...env, queue: 'emails' }, value: 7 },
    { name: full('build_info'), kind: 'info', tags: { ...env, version: '1.2.3' }, value: 1 },
    { name: full('logins_total'), kind: 'counter', tags: { ...env, user: 'redacted' }, value: 2 },
    { name: full('tenant_requests_total'), kind: 'counter', tags: { ...env, tenant: 'a' }, value: 1 },
    { name: full('tenant_requests_total'), kind: 'counter', tags: { ...env, tenant: 'b' }, value: 2 },
    {
      name: full('tenant_requests_total'),
      kind: 'counter',
      tags: { ...env, meterkit_overflow: 'true' },
      value: 7,
    },
  ];
}
