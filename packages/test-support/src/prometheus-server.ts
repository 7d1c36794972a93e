import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendProcess, startBackend, tempDir } from './backend-process.js';
import { freePort } from './ports.js';

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  /** Added to the command line, e.g. `--web.enable-remote-write-receiver`, `--enable-feature=native-histograms`. */
  readonly flags?: readonly string[];
  /** Replaces the plain-HTTP readiness poll (for `--web.config.file` with TLS or auth). */
  readonly isReady?: (baseUrl: string) => Promise<boolean>;
  /** Files written next to prometheus.yml before the start, by name: rule files the config names, say. */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * A real Prometheus on 127.0.0.1 with the given configuration file contents (YAML, or JSON, which
 * is YAML too), its data in a fresh temporary folder named with `prefix`. Its first scrape comes
 * ~5 s after start (the target-update throttle), so start it early. Stop it with `stop()`; it is
 * killed by PID and the folder deleted. The one Prometheus starter of the repository.
 */
export async function startPrometheus(
  config: string,
  prefix = 'meterkit-prometheus-',
  options: PrometheusOptions = {},
): Promise<BackendProcess> {
  const dataDir = await tempDir(prefix);
  const configFile = join(dataDir, 'prometheus.yml');
  await writeFile(configFile, config);
  for (const [name, content] of Object.entries(options.files ?? {}))
    await writeFile(join(dataDir, name), content);
  const port = await freePort();
  return startBackend(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.flags ?? []),
    ],
    { baseUrl: `http://127.0.0.1:${port}`, dataDir, isReady: options.isReady },
  );
}

/**
 * A prometheus.yml scraping each `job: 'host:port'` target every `interval` (default `1s`, with the
 * scrape timeout equal to it).
 */
export function scrapeConfig(targets: Readonly<Record<string, string>>, interval = '1s'): string {
  const jobs = Object.entries(targets)
    .map(([job, hostPort]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ['${hostPort}']\n`)
    .join('');
  return `global:\n  scrape_interval: ${interval}\n  scrape_timeout: ${interval}\nscrape_configs:\n${jobs}`;
}
