import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendProcess, startBackend, tempDir } from './backend-process.js';
import { freePort } from './ports.js';

/**
 * A real Prometheus on 127.0.0.1 with the given configuration file contents (YAML, or JSON, which
 * is YAML too), its data in a fresh temporary folder. `options.flags` are added to the command line,
 * e.g. `--web.enable-remote-write-receiver` or `--enable-feature=native-histograms`;
 * `options.isReady` replaces the plain-HTTP readiness poll (for `--web.config.file` with TLS or
 * auth). Stop it with `stop()`; it is killed by PID.
 */
export async function startPrometheus(
  config: string,
  prefix = 'meterkit-prometheus-',
  options: {
    readonly flags?: readonly string[];
    readonly isReady?: (baseUrl: string) => Promise<boolean>;
  } = {},
): Promise<BackendProcess> {
  const dataDir = await tempDir(prefix);
  const configFile = join(dataDir, 'prometheus.yml');
  await writeFile(configFile, config);
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
