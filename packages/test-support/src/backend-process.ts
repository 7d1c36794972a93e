import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './polling.js';

/** A real backend binary (prometheus, prometheus-pushgateway) started by a test, stopped by its PID. */
export interface BackendProcess {
  readonly pid: number;
  readonly baseUrl: string;
  readonly dataDir: string;
  /** Everything the process printed so far: shown when a test fails. */
  output(): string;
  /** SIGTERM, wait for the exit (SIGKILL after 5 s), then delete its temp folder. */
  stop(): Promise<void>;
}

/** Makes a temp folder (for a backend's config and data, a certificate, ...). */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Resolves true once `child` has exited, false if it is still running after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Sends SIGTERM to this child (by its PID), then SIGKILL if it has not exited within 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid, 'SIGTERM');
  if (!(await waitForExit(child, 5000))) {
    process.kill(child.pid, 'SIGKILL');
    await waitForExit(child, 5000);
  }
}

/**
 * Spawns `binary args`, polls `${baseUrl}/-/ready` until it answers 200 (or `isReady` until true), and fails with the
 * process output if the binary is missing (CI installs it: a missing one is a failure, never a
 * skip), exits, or is not ready within `readyTimeoutMs`.
 */
export async function startBackend(
  binary: string,
  args: readonly string[],
  options: {
    baseUrl: string;
    dataDir: string;
    readyTimeoutMs?: number;
    isReady?: (baseUrl: string) => Promise<boolean>;
  },
): Promise<BackendProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (part) => (output += part));
  child.stderr?.on('data', (part) => (output += part));
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  if (spawnError !== undefined || child.pid === undefined) {
    await rm(options.dataDir, { recursive: true, force: true });
    throw new Error(
      `Could not start ${binary} (install it: apt-get install -y --no-install-recommends prometheus prometheus-pushgateway): ${spawnError?.message}`,
    );
  }
  const pid = child.pid;
  const stop = async () => {
    await stopChild(child);
    await rm(options.dataDir, { recursive: true, force: true });
  };
  const timeoutMs = options.readyTimeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${binary} exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      if (
        options.isReady
          ? await options.isReady(options.baseUrl)
          : (await fetch(`${options.baseUrl}/-/ready`)).ok
      )
        break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${binary} was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(50);
  }
  return { pid, baseUrl: options.baseUrl, dataDir: options.dataDir, output: () => output, stop };
}
