import { join } from 'node:path';
import { type BackendProcess, startBackend, tempDir } from './backend-process.js';
import { freePort } from './ports.js';

/**
 * A real VictoriaMetrics (Debian's `victoria-metrics`) on 127.0.0.1, its data in a fresh temporary
 * folder: a remote-write receiver at `/api/v1/write`, PromQL at `/api/v1/query`, raw samples at
 * `/api/v1/export`. Stop it with `stop()`; it is killed by PID.
 */
export async function startVictoriaMetrics(flags: readonly string[] = []): Promise<BackendProcess> {
  const dataDir = await tempDir('meterkit-victoria-');
  const port = await freePort();
  return startBackend(
    'victoria-metrics',
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(dataDir, 'data')}`,
      '-loggerLevel=ERROR',
      ...flags,
    ],
    { baseUrl: `http://127.0.0.1:${port}`, dataDir },
  );
}
