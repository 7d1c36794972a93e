import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP = join(PACKAGE_DIR, 'test', 'fixtures', 'app.mjs');

/** One JSON event the fixture application wrote on stderr. */
export interface AppEvent {
  readonly event: 'ready' | 'meterkit-error' | 'stopped' | 'fatal';
  readonly [field: string]: unknown;
}

/** What `/stats` answers. */
export interface AppStats {
  readonly errors: { total: number; bySource: Record<string, number> };
  readonly heapUsed: number;
  readonly gcExposed: boolean;
}

/** How the application ended. */
export interface AppExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when it did not exit by itself within the grace period after SIGTERM and was killed. */
  readonly killed: boolean;
}

/**
 * The fixture application (`test/fixtures/app.mjs`) in its own Node process, started with the
 * given environment (and nothing of the test's own METERKIT_* variables), run from this package's
 * folder so that core finds the exporter packages as an application's would.
 */
export class AppProcess {
  /** stdout lines: the logger backend's output. */
  readonly stdout: string[] = [];
  /** stderr JSON events; non-JSON stderr lines are kept in {@link rawStderr}. */
  readonly events: AppEvent[] = [];
  readonly rawStderr: string[] = [];
  private readonly exited: Promise<AppExit>;
  private readonly ready: Promise<number>;
  private killed = false;
  private listeningPort = 0;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': stdout (the logger's lines) is then read to its end.
      child.once('close', (code, signal) => resolve({ code, signal, killed: this.killed }));
    });
    splitLines(child.stdout!, (line) => this.stdout.push(line));
    this.ready = new Promise((resolve, reject) => {
      splitLines(child.stderr!, (line) => {
        let parsed: AppEvent;
        try {
          parsed = JSON.parse(line) as AppEvent;
        } catch {
          this.rawStderr.push(line);
          return;
        }
        this.events.push(parsed);
        if (parsed.event === 'ready') resolve(parsed.port as number);
      });
      child.once('exit', (code) => reject(new Error(`the app exited with ${code} before it was ready`)));
    });
    // Lost races (a timeout first) must not surface later as an unhandled rejection in the test.
    this.ready.catch(() => undefined);
  }

  /** Spawns the application and waits for its `ready` event (or fails with everything it printed). */
  static async start(env: Record<string, string>, readyTimeoutMs = 20_000): Promise<AppProcess> {
    // The test's own environment may carry METERKIT_* or OTEL_* variables: the app gets only `env`'s.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('METERKIT_') && !key.startsWith('OTEL_')),
    );
    const child = spawn(process.execPath, ['--expose-gc', APP], {
      cwd: PACKAGE_DIR,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(child);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the app was not ready within ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
    });
    try {
      app.listeningPort = await Promise.race([app.ready, timeout]);
    } catch (error) {
      await app.kill();
      throw new Error(`${(error as Error).message}:\n${app.describe()}`);
    } finally {
      clearTimeout(timer);
    }
    return app;
  }

  get port(): number {
    return this.listeningPort;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** True while the process has not exited. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** One HTTP request to the app; resolves with status and body (rejects on a network error). */
  request(method: string, path: string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
    return httpCall(`${this.baseUrl}${path}`, method, timeoutMs);
  }

  /** Records one unit of work (see the fixture app); fails unless it answers the status asked for. */
  async work(params: Record<string, string | number>): Promise<void> {
    const query = new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const { status } = await this.request('POST', `/work?${query}`);
    if (status !== Number(params.status ?? 200)) throw new Error(`POST /work?${query} answered ${status}`);
  }

  async stats(): Promise<AppStats> {
    const { status, body } = await this.request('GET', '/stats');
    if (status !== 200) throw new Error(`/stats answered ${status}`);
    return JSON.parse(body) as AppStats;
  }

  /** True when `/healthz` answers 200 within `timeoutMs`. */
  async healthy(timeoutMs = 5_000): Promise<boolean> {
    try {
      return (await this.request('GET', '/healthz', timeoutMs)).status === 200;
    } catch {
      return false;
    }
  }

  /** Events of one kind. */
  eventsOf(kind: AppEvent['event']): AppEvent[] {
    return this.events.filter((e) => e.event === kind);
  }

  /**
   * SIGTERM (graceful: server closed, `provider.stop()`), then waits for the process to exit by
   * itself; after `graceMs` it is killed and the exit says so.
   */
  async stop(graceMs = 15_000): Promise<AppExit> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => {
        this.killed = true;
        this.child.kill('SIGKILL');
      }, graceMs);
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    }
    return this.exited;
  }

  /** For afterAll: kills a process a failed test left running. */
  async kill(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** Everything printed on stderr, for failure messages. */
  describe(): string {
    return describeOutput(this.events, this.rawStderr);
  }
}

function describeOutput(events: readonly AppEvent[], raw: readonly string[]): string {
  return [...events.map((e) => JSON.stringify(e)), ...raw].join('\n').slice(-4000);
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line !== '') onLine(line);
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
  });
}

/** A plain node:http call with a deadline (no keep-alive pool shared between tests). */
export function httpCall(
  url: string,
  method = 'GET',
  timeoutMs = 10_000,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // agent: false: Node 20's global agent keeps sockets alive, and one reused just as the server's
    // keep-alive timeout closes it fails with "socket hang up".
    const req = request(url, { method, headers, timeout: timeoutMs, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} took more than ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
