import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SYSTEM_PYTHON } from './openmetrics-parser.js';

/*
 * A second independent reader of the protobuf exposition: Google's own protobuf runtime (Debian's
 * python3-protobuf) with client_model's metrics.proto compiled by protoc (protobuf-compiler). The
 * Timestamp import comes from the runtime's built-in descriptor, as no timestamp.proto is installed.
 * Each delimited message is parsed with `ParseFromString` and rendered by `json_format.MessageToDict`
 * (proto3 JSON: camelCase fields, 64-bit integers as strings, Timestamps as RFC 3339).
 */
const PROTO_DIR = fileURLToPath(new URL('../fixtures/client_model', import.meta.url));

const READ_SCRIPT = `
import json, os, subprocess, sys, tempfile
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, timestamp_pb2
from google.protobuf.internal.decoder import _DecodeVarint32
from google.protobuf.message_factory import MessageFactory
timestamp = descriptor_pb2.FileDescriptorProto()
timestamp_pb2.DESCRIPTOR.CopyToProto(timestamp)
with tempfile.TemporaryDirectory() as folder:
    imports = os.path.join(folder, 'imports.pb')
    compiled = os.path.join(folder, 'metrics.pb')
    with open(imports, 'wb') as out:
        out.write(descriptor_pb2.FileDescriptorSet(file=[timestamp]).SerializeToString())
    subprocess.run(['protoc', '--descriptor_set_in=' + imports, '-I', sys.argv[1], '-o', compiled, 'metrics.proto'], check=True)
    with open(compiled, 'rb') as source:
        files = descriptor_pb2.FileDescriptorSet.FromString(source.read())
pool = descriptor_pool.DescriptorPool()
pool.Add(timestamp)
for file in files.file:
    pool.Add(file)
MetricFamily = MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName('io.prometheus.client.MetricFamily'))
data = sys.stdin.buffer.read()
position = 0
families = []
while position < len(data):
    size, position = _DecodeVarint32(data, position)
    if position + size > len(data):
        raise ValueError('truncated message')
    family = MetricFamily()
    family.ParseFromString(data[position:position + size])
    position += size
    families.append(json_format.MessageToDict(family))
sys.stdout.write(json.dumps(families))
`;

/** Parses a delimited protobuf exposition with Google's runtime; rejects with its error if it refuses. */
export function readWithGoogleProtobuf(body: Uint8Array): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, ['-c', READ_SCRIPT, PROTO_DIR], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part) => (stdout += part));
    child.stderr.on('data', (part) => (stderr += part));
    child.once('error', (error) => reject(new Error(`Could not run ${SYSTEM_PYTHON}: ${error.message}`)));
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`Google's protobuf runtime rejected the body: ${stderr}`));
      resolve(JSON.parse(stdout) as Record<string, unknown>[]);
    });
    child.stdin.end(body);
  });
}
