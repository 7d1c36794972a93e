import { queryVector } from '@meterkit/test-support';

// Prometheus HTTP API readers of the example tests; the server itself is test-support's startPrometheus.

/** One series of an instant query result. */
export interface QuerySeries {
  readonly metric: Record<string, string>;
  readonly value: number;
}

async function api<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`GET ${path}: ${body.error ?? response.status}`);
  return body.data;
}

/** An instant query (`/api/v1/query`); a PromQL error rejects with Prometheus' message. */
export async function query(baseUrl: string, expr: string): Promise<QuerySeries[]> {
  return (await queryVector(baseUrl, expr)).map((series) => ({
    metric: series.metric,
    value: Number(series.value[1]),
  }));
}

/** Active alerts (`/api/v1/alerts`): pending or firing. */
export async function alerts(
  baseUrl: string,
): Promise<{ labels: Record<string, string>; state: string; annotations: Record<string, string> }[]> {
  return (await api<{ alerts: never[] }>(baseUrl, '/api/v1/alerts')).alerts;
}

/** Every loaded rule with its health (`ok`, `err`, `unknown`) and last error. */
export async function rules(
  baseUrl: string,
): Promise<{ name: string; health: string; lastError?: string; type: string }[]> {
  const data = await api<{ groups: { rules: never[] }[] }>(baseUrl, '/api/v1/rules');
  return data.groups.flatMap((group) => group.rules);
}
