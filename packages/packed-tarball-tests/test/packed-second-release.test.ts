import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedApp, type PackedApp, runOutsideWorkspace } from './packed-app.js';

/**
 * The second release's additions as a user gets them: the packed tarballs of core, the Prometheus
 * exporter and the OpenTelemetry bridge installed with npm into a fresh application outside the
 * workspace. One script records through the OpenTelemetry API and through meterkit (an exponential
 * histogram among them), is scraped as text and as the protobuf exposition, pushes with remote write
 * to a receiver it runs itself, and is given a string where a number belongs.
 */
let app: PackedApp | undefined;

const SCRIPT = `
import http from 'node:http';
import { createProvider } from '@meterkit/core';
import { createMeterProvider } from '@meterkit/otel-bridge';
import { metrics } from '@opentelemetry/api';

const pushes = [];
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    pushes.push({ url: req.url, headers: req.headers, bytes: Buffer.concat(chunks).length });
    res.writeHead(204).end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));

const provider = await createProvider({
  provider: ['prometheus', 'remote-write'],
  namespace: 'app',
  remoteWrite: { url: 'http://127.0.0.1:' + receiver.address().port + '/api/v1/write' },
});
metrics.setGlobalMeterProvider(createMeterProvider(provider));
metrics.getMeter('lib', '1.0.0').createCounter('jobs_done').add(2, { queue: 'a' });
const latency = provider.histogram('latency_seconds', { exponential: true });
latency.observe(0.25);
latency.observe(4);
let typeError = '';
try {
  provider.gauge('depth').set('abc');
} catch (error) {
  typeError = error.name + ': ' + error.message;
}

const server = http.createServer(provider.handler());
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = 'http://127.0.0.1:' + server.address().port + '/metrics';
const text = await (await fetch(url, { headers: { accept: 'text/plain' } })).text();
const binary = await fetch(url, {
  headers: { accept: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited' },
});
const protobuf = { type: binary.headers.get('content-type'), bytes: (await binary.arrayBuffer()).byteLength };
server.close();
await provider.stop();
receiver.close();
process.stdout.write(JSON.stringify({ text, protobuf, pushes, typeError }));
`;

beforeAll(() => {
  app = installPackedApp(['core', 'exporter-prometheus', 'otel-bridge'], ['@opentelemetry/api@1.9.1']);
  writeFileSync(join(app.dir, 'app.mjs'), SCRIPT);
}, 300_000);

afterAll(() => app?.remove());

describe('packed tarballs of the second release, installed with npm', () => {
  it('bridges the OpenTelemetry API, serves protobuf, pushes remote write and refuses a string', () => {
    const output = JSON.parse(runOutsideWorkspace(process.execPath, ['app.mjs'], app!.dir)) as {
      text: string;
      protobuf: { type: string; bytes: number };
      pushes: Array<{ url: string; headers: Record<string, string>; bytes: number }>;
      typeError: string;
    };
    // The OpenTelemetry API counter, recorded through the bridge.
    expect(output.text).toMatch(/jobs_done_total\{[^}]*queue="a"[^}]*\} 2\n/);
    // An exponential-only histogram in text: the documented fallback (count, sum, +Inf).
    expect(output.text).toContain('app_latency_seconds_count 2');
    expect(output.text).toContain('app_latency_seconds_sum 4.25');
    expect(output.protobuf.type).toContain('proto=io.prometheus.client.MetricFamily');
    expect(output.protobuf.bytes).toBeGreaterThan(0);
    // stop() pushed at least once, with the remote-write headers the specification asks for.
    expect(output.pushes.length).toBeGreaterThan(0);
    expect(output.pushes[0]).toMatchObject({
      url: '/api/v1/write',
      headers: {
        'content-encoding': 'snappy',
        'content-type': 'application/x-protobuf',
        'x-prometheus-remote-write-version': '0.1.0',
      },
    });
    expect(output.typeError).toMatch(/^InvalidValueError: .*app_depth/);
  });
});
