/**
 * Pre-built tag values shared by every library, so each does a real lookup among a realistic set
 * of series (10 routes × 3 methods × 4 statuses = 120) without the benchmark building strings.
 */
const ROUTES = [
  '/',
  '/login',
  '/logout',
  '/api/users',
  '/api/users/:id',
  '/api/orders',
  '/api/orders/:id',
  '/api/cart',
  '/health',
  '/metrics',
];
const METHODS = ['GET', 'POST', 'PUT'];
const STATUSES = ['200', '201', '404', '500'];

/** Parallel arrays: combination k is `{ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }`. */
export const METHOD = [];
export const ROUTE = [];
export const STATUS = [];
/** The same combinations as pre-built records (for "held attributes" cases). */
export const RECORDS = [];

// A fixed shuffle (LCG) so consecutive calls do not walk the series in creation order.
const combos = [];
for (const route of ROUTES)
  for (const method of METHODS) for (const status of STATUSES) combos.push({ method, route, status });
let seed = 12345;
for (let i = combos.length - 1; i > 0; i--) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  const j = seed % (i + 1);
  [combos[i], combos[j]] = [combos[j], combos[i]];
}
for (const c of combos) {
  METHOD.push(c.method);
  ROUTE.push(c.route);
  STATUS.push(c.status);
  RECORDS.push({ ...c });
}

export const COMBOS = combos.length;
export const LABEL_NAMES = ['method', 'route', 'status'];

/** Observed values spread over prom-client's default buckets (0.005 … 10 s) and beyond. */
export const OBSERVATIONS = [
  0.001, 0.004, 0.007, 0.02, 0.03, 0.07, 0.12, 0.2, 0.3, 0.45, 0.8, 1.5, 3, 4.2, 7, 12,
];
export const OBS_COUNT = OBSERVATIONS.length;

/** prom-client's (and meterkit's) default histogram buckets, used for OTel too so all do equal work. */
export const DEFAULT_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
