import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real backend (prometheus, pushgateway) started by a test, stopped by its own PID. */
export interface BackendProcess {
  readonly pid: number;
  readonly baseUrl: string;
  readonly dataDir: string;
  /** Everything the process printed so far: shown when a test fails. */
  output(): string;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), then delete the temp folder. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, found by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
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

/** Makes a temp folder for a backend's config and data. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Spawns `binary args`, polls `${baseUrl}/-/ready` until it answers 200, and fails (with the
 * process output) if the binary is missing, exits, or is not ready within `readyTimeoutMs`.
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
  const spawned = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  if (spawned !== undefined || child.pid === undefined) {
    await rm(options.dataDir, { recursive: true, force: true });
    throw new Error(`Could not start ${binary} (is it installed? see the README): ${spawned?.message}`);
  }
  const pid = child.pid;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      if (!(await waitForExit(child, 5000))) {
        process.kill(pid, 'SIGKILL');
        await waitForExit(child, 5000);
      }
    }
    await rm(options.dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${binary} exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${options.baseUrl}/-/ready`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${binary} was not ready within ${options.readyTimeoutMs ?? 15_000} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { pid, baseUrl: options.baseUrl, dataDir: options.dataDir, output: () => output, stop };
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined. */
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
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
