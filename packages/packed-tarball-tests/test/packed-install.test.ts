import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedApp, type PackedApp, runOutsideWorkspace } from './packed-app.js';

/**
 * The packages as a user gets them: `pnpm pack` each one, install the tarballs with npm into a fresh
 * application outside the workspace, and create providers there from ESM and from CommonJS. This is
 * what proves that createProvider's dynamic import finds an exporter package in a real install.
 */
let app: PackedApp | undefined;

/** What each app script does, written once for ESM (`import`) and once for CommonJS (`require`). */
const scenario = (load: string) => `
${load}
const http = require_http();
(async () => {
  const lines = [];
  const provider = await createProvider({
    provider: ['logger', 'prometheus'],
    namespace: 'app',
    tags: { env: 'packed' },
    logger: { format: 'json', sink: (line) => lines.push(line) },
  });
  const requests = provider.counter('requests_total', { description: 'Requests' });
  requests.withTags({ method: 'GET' }).add(3);
  provider.histogram('latency_seconds', { buckets: [0.1, 1] }).observe(0.5);
  const server = http.createServer(provider.handler());
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  const scrape = await fetch('http://127.0.0.1:' + port + '/metrics', { headers: { accept: 'text/plain' } });
  const body = await scrape.text();
  server.close();
  await provider.stop();
  let missing = '';
  try {
    await createProvider({ provider: 'statsd' });
    missing = 'created without @meterkit/exporter-statsd installed';
  } catch (error) {
    missing = error.name + ': ' + error.message;
  }
  let invalid = '';
  try {
    await createProvider({ provider: 'logger', logger: { format: 'xml' } });
  } catch (error) {
    invalid = error.name + ': ' + error.message;
  }
  process.stdout.write(JSON.stringify({ lines, status: scrape.status, body, missing, invalid }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

beforeAll(() => {
  app = installPackedApp(['core', 'exporter-logger', 'exporter-prometheus']);
  const appDir = app.dir;
  writeFileSync(
    join(appDir, 'esm.mjs'),
    scenario(
      `import { createProvider } from '@meterkit/core';\nimport * as httpModule from 'node:http';\nconst require_http = () => httpModule;`,
    ),
  );
  writeFileSync(
    join(appDir, 'cjs.cjs'),
    scenario(
      `const { createProvider } = require('@meterkit/core');\nconst require_http = () => require('node:http');`,
    ),
  );
});

afterAll(() => app?.remove());

describe.each(['esm.mjs', 'cjs.cjs'])('packed tarballs installed with npm, %s', (script) => {
  it('creates providers, loads exporters by name, and explains a missing package', () => {
    const output = JSON.parse(runOutsideWorkspace(process.execPath, [script], app!.dir)) as {
      lines: string[];
      status: number;
      body: string;
      missing: string;
      invalid: string;
    };
    const records = output.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = records.find((r) => r.metric === 'app_requests_total');
    expect(requests).toMatchObject({ type: 'counter', value: 3, tags: { env: 'packed', method: 'GET' } });
    expect(output.status).toBe(200);
    expect(output.body).toContain('app_requests_total{env="packed",method="GET"} 3');
    expect(output.body).toContain('app_latency_seconds_bucket{env="packed",le="1"} 1');
    expect(output.missing).toMatch(/^MissingExporterError: .*npm install @meterkit\/exporter-statsd/);
    expect(output.invalid).toMatch(/^ConfigError: .*logger\.format="xml"/);
  });
});
