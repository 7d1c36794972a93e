// From a slow request to its trace: an OpenTelemetry SDK tracer and meterkit's HTTP middleware with
// exemplars on (examples/exemplars/server.mjs). The OpenMetrics scrape must carry, in the bucket each
// request's duration fell into, the trace id of the span that served it.
import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleProcess, startExample } from './support/example-process.js';

const OPENMETRICS = 'application/openmetrics-text; version=1.0.0';

/** `name{labels} value # {exemplar labels} value timestamp` lines of an OpenMetrics body. */
function exemplarLines(body: string, name: string) {
  const found = [];
  for (const line of body.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+) # \{([^}]*)\} (\S+) (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const exemplar = Object.fromEntries([...match[4]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    found.push({ labels, exemplar, value: Number(match[5]), timestamp: Number(match[6]) });
  }
  return found;
}

/** The trace id of a W3C `traceresponse` header, `00-<trace id>-<span id>-<flags>`. */
async function tracedRequest(url: string): Promise<string> {
  const response = await fetch(url);
  await response.arrayBuffer();
  const header = response.headers.get('traceresponse') ?? '';
  const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(header)?.[1];
  if (traceId === undefined) throw new Error(`no traceresponse header: "${header}"`);
  return traceId;
}

describe('exemplars example', () => {
  let example: ExampleProcess | undefined;
  afterEach(async () => {
    await example?.stop();
    example = undefined;
  });

  it('puts the trace id of the span that served each request into its duration bucket', async () => {
    example = await startExample('exemplars/server.mjs', { env: { PORT: '0' } });
    const fast: string[] = [];
    for (let i = 0; i < 5; i++) fast.push(await tracedRequest(`${example.url}/`));
    const slow = await tracedRequest(`${example.url}/slow`);

    const response = await fetch(`${example.url}/metrics`, { headers: { accept: OPENMETRICS } });
    expect(response.headers.get('content-type')).toContain('application/openmetrics-text');
    const body = await response.text();
    const buckets = exemplarLines(body, 'http_request_duration_seconds_bucket');

    // The one slow request: its bucket's exemplar is its own trace, with a duration inside the bucket.
    const slowBuckets = buckets.filter((b) => b.labels.route === '/slow');
    expect(slowBuckets).toHaveLength(1);
    const [slowBucket] = slowBuckets;
    expect(slowBucket!.exemplar.trace_id).toBe(slow);
    expect(slowBucket!.exemplar.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(slowBucket!.value).toBeGreaterThanOrEqual(0.15);
    expect(slowBucket!.value).toBeLessThanOrEqual(Number(slowBucket!.labels.le));

    // The fast requests: every exemplar is one of their traces, the latest one among them.
    const fastBuckets = buckets.filter((b) => b.labels.route === '/');
    expect(fastBuckets.length).toBeGreaterThan(0);
    for (const bucket of fastBuckets) expect(fast).toContain(bucket.exemplar.trace_id);
    const newest = fastBuckets.reduce((a, b) => (b.timestamp > a.timestamp ? b : a));
    expect(newest.exemplar.trace_id).toBe(fast.at(-1));

    // The request counter carries the latest trace of its series too.
    const [counter] = exemplarLines(body, 'http_requests_total').filter((c) => c.labels.route === '/slow');
    expect(counter!.exemplar.trace_id).toBe(slow);
    expect(await example.stop()).toBe(0);
  });
});
