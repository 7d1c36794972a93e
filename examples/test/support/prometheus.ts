import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendProcess, freePort, queryVector, startBackend, tempDir } from '@meterkit/test-support';

/** One series of an instant query result. */
export interface QuerySeries {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/**
 * Starts a real Prometheus on 127.0.0.1 with `config` as prometheus.yml; `files` are written next
 * to it (rule files named in the config, say). Storage goes to a temp folder deleted on stop.
 */
export async function startPrometheus(
  config: string,
  files: Record<string, string> = {},
): Promise<BackendProcess> {
  const dir = await tempDir('meterkit-examples-prometheus-');
  await writeFile(join(dir, 'prometheus.yml'), config);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  return startBackend(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { baseUrl, dataDir: dir },
  );
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
