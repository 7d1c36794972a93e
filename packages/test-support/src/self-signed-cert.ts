import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './backend-process.js';

const run = promisify(execFile);

/** A self-signed certificate for `serverName` and 127.0.0.1, written to a temp folder. */
export interface SelfSignedCert {
  readonly dir: string;
  readonly keyFile: string;
  readonly certFile: string;
  readonly keyPem: string;
  readonly certPem: string;
  /** The DNS name in the certificate (Prometheus' `tls_config.server_name`). */
  readonly serverName: string;
  /** Deletes the temp folder. */
  remove(): Promise<void>;
}

/**
 * Generates a P-256 key and a self-signed certificate with `openssl req -x509` (fails if openssl
 * is not installed). The subjectAltName carries both the name and the IP 127.0.0.1: Go's TLS
 * client, which Prometheus uses, ignores the CN, and Node checks an IP URL against the IP entry.
 */
export async function createSelfSignedCert(serverName = 'meterkit.test'): Promise<SelfSignedCert> {
  const dir = await tempDir('meterkit-tls-');
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${serverName}`,
      '-addext',
      `subjectAltName=DNS:${serverName},IP:127.0.0.1`,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`openssl could not create a test certificate (is openssl installed?): ${String(error)}`);
  }
  return {
    dir,
    keyFile,
    certFile,
    keyPem: await readFile(keyFile, 'utf8'),
    certPem: await readFile(certFile, 'utf8'),
    serverName,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
