import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually, stopChild, waitForExit } from '@meterkit/test-support';

/** The examples/ folder: scripts are given relative to it, as a user would type them from there. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** A running example started by a test. */
export interface ExampleProcess {
  readonly pid: number;
  /** The first `http://127.0.0.1:PORT` the example printed: where it listens. */
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the example has exited by itself. */
  exited(timeoutMs?: number): Promise<number | null>;
  /**
   * SIGTERM by PID (SIGKILL after 5 s), wait for the exit, and return the exit code: 0 when the
   * example shut down cleanly on SIGTERM, null when a signal killed it.
   */
  stop(): Promise<number | null>;
}

/** Variables an example must not inherit from the test runner's environment. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('METERKIT_')),
  );
  return { ...base, ...env };
}

function spawnExample(script: string, args: readonly string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: EXAMPLES_DIR,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (part) => (out.stdout += part));
  child.stderr?.on('data', (part) => (out.stderr += part));
  return { child, out };
}

function exitCode(child: ChildProcess, timeoutMs: number, describe: () => string): Promise<number | null> {
  return waitForExit(child, timeoutMs).then((exited) => {
    if (!exited) throw new Error(`the example did not exit within ${timeoutMs} ms\n${describe()}`);
    return child.exitCode;
  });
}

/**
 * Starts `node <script>` in examples/ and waits until it prints the URL it listens on (examples print
 * `http://127.0.0.1:PORT` first; pass PORT=0 so they take a free port).
 */
export async function startExample(
  script: string,
  options: { args?: readonly string[]; env?: Record<string, string> } = {},
): Promise<ExampleProcess> {
  const { child, out } = spawnExample(script, options.args ?? [], options.env ?? {});
  const describe = () => `--- stdout of ${script}:\n${out.stdout}\n--- stderr:\n${out.stderr}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${script}`);
  let url: string;
  try {
    url = await eventually(
      `${script} to print its URL`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
        return /http:\/\/127\.0\.0\.1:\d+/.exec(out.stdout)?.[0];
      },
      20_000,
      50,
    );
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${describe()}`);
  }
  return {
    pid,
    url,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited: (timeoutMs = 20_000) => exitCode(child, timeoutMs, describe),
    stop: async () => {
      await stopChild(child);
      return child.exitCode;
    },
  };
}

/** Runs `node <script>` in examples/ to completion (it must stop by itself) and returns its output. */
export async function runExample(
  script: string,
  options: { args?: readonly string[]; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { child, out } = spawnExample(script, options.args ?? [], options.env ?? {});
  try {
    const code = await exitCode(child, options.timeoutMs ?? 30_000, () => `${out.stdout}\n${out.stderr}`);
    return { code, ...out };
  } finally {
    await stopChild(child);
  }
}
