/** One sample as a backend returns it: name, labels, numeric value. */
export interface BackendSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One series of an instant query's vector, as Prometheus' HTTP API returns it. */
export interface VectorResult {
  metric: Record<string, string>;
  value: [number, string];
}

/** Runs an instant query against Prometheus' HTTP API and returns the vector; a PromQL error rejects. */
export async function queryVector(baseUrl: string, query: string): Promise<VectorResult[]> {
  const response = await fetch(`${baseUrl}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { resultType: string; result: VectorResult[] };
  };
  if (body.status !== 'success') throw new Error(`query ${query} failed: ${body.error ?? response.status}`);
  return body.data.result;
}

/** One number from an instant query, or undefined while the query has no result yet. */
export async function queryScalar(baseUrl: string, query: string): Promise<number | undefined> {
  const result = await queryVector(baseUrl, query);
  return result.length === 0 ? undefined : Number(result[0]!.value[1]);
}

/** Every series an instant query returns, as samples. */
export async function querySamples(baseUrl: string, query: string): Promise<BackendSample[]> {
  return (await queryVector(baseUrl, query)).map(({ metric, value }) => ({
    name: metric.__name__ ?? '',
    labels: metric,
    value: Number(value[1]),
  }));
}

/** A scrape target as `/api/v1/targets` reports it. */
export interface ActiveTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: string;
  lastError: string;
  lastScrape: string;
}

/** The active targets. */
export async function activeTargets(baseUrl: string): Promise<ActiveTarget[]> {
  const response = await fetch(`${baseUrl}/api/v1/targets?state=active`);
  const body = (await response.json()) as { data: { activeTargets: ActiveTarget[] } };
  return body.data.activeTargets;
}

/** The active target of scrape job `job`, if Prometheus has it yet. */
export async function targetOfJob(baseUrl: string, job: string): Promise<ActiveTarget | undefined> {
  return (await activeTargets(baseUrl)).find((target) => target.labels.job === job);
}
