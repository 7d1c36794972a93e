import { spawn } from 'node:child_process';

/** What promtool printed and its exit code. */
export interface PromtoolResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, in the order they arrived (promtool splits its findings between them). */
  readonly output: string;
}

/**
 * Runs `promtool args…` (in `cwd`, where files are named relative to it), feeding `stdin` if given.
 * A missing promtool (Debian's prometheus package) rejects, failing the test.
 */
export function promtool(
  args: readonly string[],
  options: { readonly cwd?: string; readonly stdin?: string } = {},
): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (part) => {
      stdout += part;
      output += part;
    });
    child.stderr.on('data', (part) => {
      stderr += part;
      output += part;
    });
    child.once('error', (error) =>
      reject(new Error(`Could not run promtool (install the prometheus package): ${error.message}`)),
    );
    child.once('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr, output }));
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * Pipes a text 0.0.4 exposition into `promtool check metrics` (exit 0: parsed and lint-clean;
 * 3: lint findings; 1: parse error).
 */
export function promtoolCheckMetrics(exposition: string): Promise<PromtoolResult> {
  return promtool(['check', 'metrics'], { stdin: exposition });
}
