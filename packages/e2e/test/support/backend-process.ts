import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './ports.js';

/** A real backend binary (prometheus, prometheus-pushgateway) started by a test, stopped by its PID. */
export interface BackendProcess {
  readonly pid: number;
  readonly baseUrl: string;
  /** Everything the process printed so far: shown when a test fails. */
  output(): string;
  /** SIGTERM, wait for the exit (SIGKILL after 5 s), then delete its temp folder. */
  stop(): Promise<void>;
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
 * Spawns `binary args`, polls `${baseUrl}/-/ready` until it answers 200, and fails with the
 * process output if the binary is missing (CI must install it), exits, or is not ready in time.
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
    throw new Error(
      `Could not start ${binary} (install it: apt-get install -y --no-install-recommends prometheus prometheus-pushgateway): ${spawned?.message}`,
    );
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
  const timeoutMs = options.readyTimeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${binary} exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      if ((await fetch(`${options.baseUrl}/-/ready`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${binary} was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(50);
  }
  return { pid, baseUrl: options.baseUrl, output: () => output, stop };
}
