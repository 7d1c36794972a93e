import { spawn } from 'node:child_process';

/** What `promtool check metrics` said about an exposition. */
export interface PromtoolResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Pipes a text 0.0.4 exposition into `promtool check metrics` (exit 0: parsed and lint-clean;
 * 3: lint findings; 1: parse error). Fails if promtool is not installed.
 */
export function promtoolCheckMetrics(exposition: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part) => (stdout += part));
    child.stderr.on('data', (part) => (stderr += part));
    child.once('error', (error) =>
      reject(new Error(`Could not run promtool (install the prometheus package): ${error.message}`)),
    );
    child.once('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    child.stdin.end(exposition);
  });
}
