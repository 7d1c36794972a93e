import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../../../examples/demo/server.mjs', import.meta.url));

/** The repository's demo (`pnpm demo`), started with node on the built packages. */
export interface DemoProcess {
  /** Base URL from its start-up banner, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The dashboard URL its banner prints. */
  readonly dashboardUrl: string;
  stdout(): string;
  /** Stops it by its PID and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts the demo on a free port and waits for the banner that names its URLs. */
export async function startDemo(env: Record<string, string> = {}): Promise<DemoProcess> {
  const child: ChildProcess = spawn(process.execPath, [DEMO], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!/dashboard: (\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the demo did not start: ${err || out || `exit ${child.exitCode}`}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: /meterkit demo on (\S+)/.exec(out)![1]!,
    dashboardUrl: /dashboard: (\S+)/.exec(out)![1]!,
    stdout: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
