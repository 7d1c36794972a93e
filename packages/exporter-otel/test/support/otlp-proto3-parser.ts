import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const PROTO_ROOT = fileURLToPath(new URL('../fixtures/opentelemetry-proto/', import.meta.url));

/** Debian's interpreter, which has the python3-protobuf package (a pyenv one may not). */
const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * Reads a body as an OTLP `ExportMetricsServiceRequest` with Google's protobuf runtime and prints it
 * back as proto3 JSON (64-bit integers as strings, as `MessageToJson` writes them). `json` mode uses
 * `json_format.Parse`, the strict proto3 JSON parser (it refuses a lone surrogate, a string where a
 * number belongs, an unknown field…); `protobuf` mode uses `ParseFromString`.
 */
const PARSE_SCRIPT = `
import sys
sys.path.insert(0, sys.argv[1])
from google.protobuf import json_format
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2
body = sys.stdin.buffer.read()
request = metrics_service_pb2.ExportMetricsServiceRequest()
try:
    if sys.argv[2] == 'json':
        json_format.Parse(body.decode('utf-8'), request)
    else:
        request.ParseFromString(body)
except Exception as error:
    sys.stderr.write(type(error).__name__ + ': ' + str(error))
    sys.exit(1)
sys.stdout.write(json_format.MessageToJson(request, indent=None))
`;

/** The vendored files an OTLP metrics request needs (see the fixture's README). */
const PROTO_FILES = [
  'opentelemetry/proto/common/v1/common.proto',
  'opentelemetry/proto/resource/v1/resource.proto',
  'opentelemetry/proto/metrics/v1/metrics.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
];

/** The OTLP Python classes, compiled by protoc into a temporary folder. */
export class OtlpProto3Parser {
  private constructor(private readonly generated: string) {}

  /** Compiles the vendored OTLP .proto files with `protoc --python_out`. */
  static async compile(): Promise<OtlpProto3Parser> {
    const generated = await mkdtemp(join(tmpdir(), 'meterkit-otlp-python-'));
    await promisify(execFile)('protoc', [`-I${PROTO_ROOT}`, `--python_out=${generated}`, ...PROTO_FILES]);
    return new OtlpProto3Parser(generated);
  }

  /** Parses `body`; resolves with the request as proto3 JSON, rejects with the parser's message. */
  parse(body: Uint8Array | string, encoding: 'json' | 'protobuf'): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const child = spawn(SYSTEM_PYTHON, ['-c', PARSE_SCRIPT, this.generated, encoding], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (part) => (stdout += part));
      child.stderr.on('data', (part) => (stderr += part));
      child.once('error', (error) =>
        reject(new Error(`Could not run ${SYSTEM_PYTHON} (install python3-protobuf): ${error.message}`)),
      );
      child.once('close', (code) => {
        if (code !== 0) reject(new Error(`protobuf rejected the ${encoding} body: ${stderr}`));
        else resolve(JSON.parse(stdout));
      });
      child.stdin.end(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
    });
  }

  async dispose(): Promise<void> {
    await rm(this.generated, { recursive: true, force: true });
  }
}
