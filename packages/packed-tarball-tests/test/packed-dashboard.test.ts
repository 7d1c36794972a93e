import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedApp, type PackedApp, runOutsideWorkspace } from './packed-app.js';

/**
 * @meterkit/dashboard as a user gets it: packed, installed with npm next to core in a fresh
 * application, loaded from ESM and CommonJS. Proves that the page's files (dist/page, with uPlot
 * bundled) are in the tarball and are found from both builds.
 */
let app: PackedApp | undefined;

const scenario = (load: string) => `
${load}
(async () => {
  const provider = await createProvider({ provider: 'memory', namespace: 'app' });
  provider.counter('requests_total').withTags({ method: 'GET' }).add(3);
  const dashboard = dashboardHandler(provider, { scrapeAuth: false, interval: 250 });
  const server = http.createServer((req, res) => dashboard(req, res));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = 'http://127.0.0.1:' + server.address().port + '/';
  const get = async (path) => {
    const response = await fetch(base + path);
    return { status: response.status, type: response.headers.get('content-type'), length: (await response.text()).length };
  };
  const files = { page: await get(''), script: await get('dashboard.js'), style: await get('dashboard.css') };
  const controller = new AbortController();
  const stream = await fetch(base + 'events', { signal: controller.signal });
  const reader = stream.body.getReader();
  let text = '';
  while (!text.includes('event: frame')) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  dashboard.close();
  server.closeAllConnections();
  server.close();
  const frame = JSON.parse(/event: frame\\ndata: (.*)/.exec(text)[1]);
  process.stdout.write(JSON.stringify({ files, families: frame.added.map((s) => s.family), values: frame.addedValues }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

beforeAll(() => {
  app = installPackedApp(['core', 'dashboard']);
  const appDir = app.dir;
  writeFileSync(
    join(appDir, 'esm.mjs'),
    scenario(
      `import { createProvider } from '@meterkit/core';\nimport { dashboardHandler } from '@meterkit/dashboard';\nimport * as http from 'node:http';`,
    ),
  );
  writeFileSync(
    join(appDir, 'cjs.cjs'),
    scenario(
      `const { createProvider } = require('@meterkit/core');\nconst { dashboardHandler } = require('@meterkit/dashboard');\nconst http = require('node:http');`,
    ),
  );
}, 240_000);

afterAll(() => app?.remove());

describe.each(['esm.mjs', 'cjs.cjs'])('the packed dashboard installed with npm, %s', (script) => {
  it('serves the page, its bundled script and style sheet, and streams the provider', () => {
    const output = JSON.parse(runOutsideWorkspace(process.execPath, [script], app!.dir));
    expect(output.files.page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(output.files.script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    // uPlot is in the bundle: the script is well over the ~50 KB of uPlot alone.
    expect(output.files.script.length).toBeGreaterThan(50_000);
    expect(output.files.style).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(output.families).toEqual(['app_requests_total']);
    expect(output.values).toEqual([[3]]);
  });
});
