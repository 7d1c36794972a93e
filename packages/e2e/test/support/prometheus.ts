import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendProcess, startBackend, tempDir } from './backend-process.js';
import { freePort } from './ports.js';
import type { ExpositionSample } from './recorded-readers.js';

/**
 * A real Prometheus (2.42 on this machine) on 127.0.0.1 scraping the given targets every second.
 * Its first scrape comes ~5 s after start (the target-update throttle), so start it early.
 */
export async function startPrometheus(targets: Record<string, string>): Promise<BackendProcess> {
  const dataDir = await tempDir('meterkit-e2e-prometheus-');
  const configFile = join(dataDir, 'prometheus.yml');
  const jobs = Object.entries(targets)
    .map(([job, hostPort]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ['${hostPort}']\n`)
    .join('');
  await writeFile(
    configFile,
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${jobs}`,
  );
  const port = await freePort();
  return startBackend(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { baseUrl: `http://127.0.0.1:${port}`, dataDir },
  );
}

interface VectorResult {
  metric: Record<string, string>;
  value: [number, string];
}

/** Runs a PromQL instant query and returns the samples. */
export async function promQuery(baseUrl: string, query: string): Promise<ExpositionSample[]> {
  const response = await fetch(`${baseUrl}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: VectorResult[] };
  };
  if (body.status !== 'success') throw new Error(`PromQL ${query} failed: ${body.error}`);
  return body.data.result.map(({ metric, value }) => ({
    name: metric.__name__ ?? '',
    labels: metric,
    value: Number(value[1]),
  }));
}

/** One number from PromQL, or undefined while the query has no result. */
export async function promScalar(baseUrl: string, query: string): Promise<number | undefined> {
  const [first] = await promQuery(baseUrl, query);
  return first?.value;
}

/** The health of a scrape job's target as `/api/v1/targets` reports it. */
export async function targetHealth(
  baseUrl: string,
  job: string,
): Promise<{ health: string; lastError: string } | undefined> {
  const response = await fetch(`${baseUrl}/api/v1/targets?state=active`);
  const body = (await response.json()) as {
    data: { activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> };
  };
  return body.data.activeTargets.find((target) => target.labels.job === job);
}
