import { spawn } from 'node:child_process';

/** What promtool printed and its exit code. */
export interface PromtoolResult {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs `promtool args…` in `cwd` (files are named relative to it), feeding `stdin` if given. A
 * missing promtool (the prometheus package) fails the test.
 */
export function promtool(args: readonly string[], cwd: string, stdin?: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (part) => (output += part));
    child.stderr.on('data', (part) => (output += part));
    child.once('error', (error) =>
      reject(new Error(`could not run promtool (apt-get install prometheus): ${error.message}`)),
    );
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin ?? '');
  });
}
