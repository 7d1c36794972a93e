import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real backend (prometheus, pushgateway) started by a test and stopped by its own PID. */
export interface BackendProcess {
  readonly pid: number;
  readonly baseUrl: string;
  /** Everything the process printed so far: shown when a test fails. */
  output(): string;
  /** SIGTERM, wait for the exit (SIGKILL after 5 s), then delete the temp folder. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, found by binding port 0 and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh temp folder for a backend's config and data. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `meterkit-examples-${prefix}-`));
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
 * Spawns `binary args`, polls `${baseUrl}/-/ready` until it answers 200, and fails (with the process
 * output) if the binary is missing, exits, or is not ready in time. CI installs the binaries: a
 * missing one is a failure, never a skip.
 */
export async function startBackend(
  binary: string,
  args: readonly string[],
  options: { baseUrl: string; dataDir: string; readyTimeoutMs?: number },
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
    throw new Error(`Could not start ${binary} (apt-get install it, see .ci/run): ${spawnError?.message}`);
  }
  const stop = async () => {
    await stopChild(child);
    await rm(options.dataDir, { recursive: true, force: true });
  };
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  const state = await eventually(
    `${binary} to be ready`,
    async () => {
      if (child.exitCode !== null) return 'exited';
      const response = await fetch(`${options.baseUrl}/-/ready`).catch(() => undefined);
      return response?.ok ? 'ready' : undefined;
    },
    readyTimeoutMs,
    100,
  ).catch((error: Error) => error.message);
  if (state !== 'ready') {
    await stop();
    throw new Error(`${binary} did not become ready (${state}):\n${output}`);
  }
  return { pid: child.pid, baseUrl: options.baseUrl, output: () => output, stop };
}

/** Polls `probe` until it returns something other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
