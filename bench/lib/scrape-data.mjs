/**
 * The series every scrape server of scrape-http.bench.mjs holds, identical in each: counter i has
 * tags { method, route (unique), status } and value i + 1; histogram series i has the same tags and
 * three observations spread over prom-client's default buckets.
 */
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
export const STATUSES = ['200', '201', '404', '500'];
/** prom-client's default buckets (meterkit's too). */
export const BUCKET_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const methodIndex = (i) => i % 4;
export const statusIndex = (i) => (i >> 2) % 4;
export const route = (i) => `/item/${i}`;

export function tagsOf(i) {
  return { method: METHODS[methodIndex(i)], route: route(i), status: STATUSES[statusIndex(i)] };
}

/** 0 … 9.99 s. */
export function observation(i, k) {
  return ((i * 7 + k * 13) % 1000) / 100;
}

export function* countersOf(n) {
  for (let i = 0; i < n; i++) yield { tags: tagsOf(i), value: i + 1 };
}

export function* histogramOf(n) {
  for (let i = 0; i < n; i++)
    yield { tags: tagsOf(i), observations: [0, 1, 2].map((k) => observation(i, k)) };
}
