import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendProcess, freePort, startBackend, tempDir } from '@meterkit/test-support';

/**
 * A real Prometheus (2.42 on this machine) on 127.0.0.1 scraping the given targets every second,
 * with extra command-line `flags` (e.g. `--enable-feature=native-histograms`). Its first scrape
 * comes ~5 s after start (the target-update throttle), so start it early.
 */
export async function startPrometheus(
  targets: Record<string, string>,
  flags: readonly string[] = [],
): Promise<BackendProcess> {
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
      ...flags,
      // The swap test's remote-write run pushes into this same Prometheus.
      '--web.enable-remote-write-receiver',
    ],
    { baseUrl: `http://127.0.0.1:${port}`, dataDir },
  );
}
