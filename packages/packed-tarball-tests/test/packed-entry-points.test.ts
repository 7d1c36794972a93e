import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedApp, type PackedApp, runOutsideWorkspace } from './packed-app.js';

/**
 * `@meterkit/core/http` and `@meterkit/core/instrument` as a user installs them: from the packed
 * tarball, imported (ESM) and required (CommonJS) outside the workspace. A real node:http server is
 * measured through the subpath, a block through the other, and the deprecated root names of 0.1.0
 * must still be the very same functions (one copy of core, so one error class for `instanceof`).
 */
let app: PackedApp | undefined;

const scenario = (load: string) => `
${load}
(async () => {
  const metrics = await createProvider({ provider: 'memory', namespace: 'app' });
  const server = nodeHttp.createServer(
    http.instrumentHandler((req, res) => res.end('ok'), metrics, { routes: ['/users/:id'] }),
  );
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const response = await fetch('http://127.0.0.1:' + server.address().port + '/users/42');
  await response.text();
  await new Promise((r) => server.close(r));
  const parsed = instrument.trackBlock(metrics, 'config_parse', () => JSON.parse('{"a":1}'));
  let thrown = '';
  try {
    http.instrumentHandler('not a function', metrics);
  } catch (error) {
    thrown = error.name + (error instanceof root.InvalidInstrumentationOptionError ? ' from root class' : '');
  }
  const snapshot = await metrics.registry().snapshot();
  const value = (name) => snapshot.metrics.find((m) => m.name === name)?.points.map((p) => [Object.fromEntries(p.tags.map((t) => [t.key, t.value])), p.value]);
  await metrics.stop();
  // functions, classes and constants alike: a load-order slip would leave a root name undefined
  const compare = (names, sub) => names.map((name) => [name, sub[name] !== undefined && root[name] === sub[name]]);
  const same = compare(
    ['instrumentHandler', 'expressMiddleware', 'fastifyPlugin', 'httpMetrics', 'HttpMetrics', 'compileRoutePatterns', 'OTHER_METHOD', 'DEFAULT_SIZE_BUCKETS'],
    http,
  ).concat(
    compare(['trackBlock', 'trackBatch', 'instrumentFunction', 'Instrumented', 'instrumentMethod', 'DEFAULT_BATCH_SIZE_BUCKETS'], instrument),
  );
  process.stdout.write(JSON.stringify({
    status: response.status,
    requests: value('app_http_requests_total'),
    blocks: value('app_config_parse_total'),
    parsed,
    thrown,
    same: Object.fromEntries(same),
  }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

beforeAll(() => {
  app = installPackedApp(['core']);
  writeFileSync(
    join(app.dir, 'esm.mjs'),
    scenario(`import * as root from '@meterkit/core';
import * as http from '@meterkit/core/http';
import * as instrument from '@meterkit/core/instrument';
import * as nodeHttp from 'node:http';
const { createProvider } = root;`),
  );
  writeFileSync(
    join(app.dir, 'cjs.cjs'),
    scenario(`const root = require('@meterkit/core');
const http = require('@meterkit/core/http');
const instrument = require('@meterkit/core/instrument');
const nodeHttp = require('node:http');
const { createProvider } = root;`),
  );
});

afterAll(() => app?.remove());

describe.each(['esm.mjs', 'cjs.cjs'])('the adapter entry points of the packed core, %s', (script) => {
  it('measure through the subpaths and keep the deprecated root names as the same functions', () => {
    const output = JSON.parse(runOutsideWorkspace(process.execPath, [script], app!.dir)) as {
      status: number;
      requests: [Record<string, string>, number][];
      blocks: [Record<string, string>, number][];
      parsed: unknown;
      thrown: string;
      same: Record<string, boolean>;
    };
    expect(output.status).toBe(200);
    expect(output.requests).toEqual([[{ method: 'GET', route: '/users/:id', status: '200' }, 1]]);
    // both outcome series exist from the start (so rate() works before the first error)
    expect(output.blocks).toEqual([
      [{ outcome: 'success' }, 1],
      [{ outcome: 'error' }, 0],
    ]);
    expect(output.parsed).toEqual({ a: 1 });
    expect(output.thrown).toBe('InvalidInstrumentationOptionError from root class');
    expect(Object.entries(output.same).filter(([, same]) => !same)).toEqual([]);
    expect(Object.keys(output.same)).toHaveLength(14);
  });
});
