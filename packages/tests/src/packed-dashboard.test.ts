import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * @meterkit/dashboard as a user gets it: packed, installed with npm next to core in a fresh
 * application, loaded from ESM and CommonJS. Proves that the page's files (dist/page, with uPlot
 * bundled) are in the tarball and are found from both builds.
 */
const root = resolve(import.meta.dirname, '../../..');
const packed = ['core', 'dashboard'];
let workDir: string;
let appDir: string;

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

function run(command: string, args: string[], cwd: string): string {
  const env = { ...process.env };
  delete env.NODE_PATH; // pnpm's NODE_PATH would leak the workspace's packages in
  return execFileSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'meterkit-packed-dashboard-'));
  const tarballs = join(workDir, 'tarballs');
  mkdirSync(tarballs);
  for (const name of packed)
    run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
  appDir = join(workDir, 'app');
  mkdirSync(appDir);
  writeFileSync(
    join(appDir, 'package.json'),
    JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }),
  );
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], appDir);
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

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe.each(['esm.mjs', 'cjs.cjs'])('the packed dashboard installed with npm, %s', (script) => {
  it('serves the page, its bundled script and style sheet, and streams the provider', () => {
    const output = JSON.parse(run(process.execPath, [script], appDir));
    expect(output.files.page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(output.files.script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    // uPlot is in the bundle: the script is well over the ~50 KB of uPlot alone.
    expect(output.files.script.length).toBeGreaterThan(50_000);
    expect(output.files.style).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(output.families).toEqual(['app_requests_total']);
    expect(output.values).toEqual([[3]]);
  });
});
