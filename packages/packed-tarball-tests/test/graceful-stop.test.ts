import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A graceful stop must finish even when nothing else holds the event loop: exporters keep their
 * timers unref()ed (they must never keep an application alive), so core holds the loop during
 * stop(). Found by the e2e suite: a final Pushgateway push with a retry delay was cut short.
 */
const core = pathToFileURL(resolve(import.meta.dirname, '../../core/dist/index.js')).href;

const script = `
import { createProvider } from '${core}';
const slowExporter = {
  name: 'slow',
  async export(snapshot) {
    // An unref()ed delay, like a retry backoff: alone it would let the process exit mid-stop.
    await new Promise((resolve) => setTimeout(resolve, 300).unref());
    process.stdout.write('exported ' + snapshot.metrics[0].points[0].value + '\\n');
  },
  async shutdown() {
    await new Promise((resolve) => setTimeout(resolve, 100).unref());
    process.stdout.write('shut down\\n');
  },
};
const provider = await createProvider({ provider: 'memory', exporters: [slowExporter] });
provider.counter('jobs_total').add(3);
await provider.stop();
process.stdout.write('stop resolved\\n');
`;

describe('provider.stop()', () => {
  it('completes the final export and shutdown when nothing else keeps the process alive', () => {
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(output).toBe('exported 3\nshut down\nstop resolved\n');
  });
});
