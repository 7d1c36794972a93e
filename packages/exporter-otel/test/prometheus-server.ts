import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@meterkit/test-support';

/** One sample of an instant query. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/**
 * A real Prometheus (the `prometheus` binary from the apt package) scraping one target every
 * second, with its data in a temporary folder. A missing binary fails the test (spawn ENOENT).
 */
export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(target: string): Promise<PrometheusServer> {
    const dataDir = await mkdtemp(join(tmpdir(), 'meterkit-otel-prom-'));
    const configFile = join(dataDir, 'prometheus.yml');
    await writeFile(
      configFile,
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: meterkit_otel',
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dataDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const server = new PrometheusServer(child, dataDir, port);
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`prometheus exited (${code}): ${stderr}`))),
    );
    await Promise.race([server.waitReady(), spawnError, exited]);
    return server;
  }

  /** Polls an instant query until `accept` approves the result (a scrape lands ~5 s after start). */
  async query(
    expr: string,
    accept: (samples: PromSample[]) => boolean,
    timeoutMs = 20_000,
  ): Promise<PromSample[]> {
    const deadline = Date.now() + timeoutMs;
    let last: PromSample[] = [];
    while (Date.now() < deadline) {
      const res = await fetch(`http://127.0.0.1:${this.port}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as {
        data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      last = (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
      if (accept(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`Prometheus query ${expr} never matched; last result ${JSON.stringify(last)}`);
  }

  /** Stops Prometheus by its PID, waits for it to exit, then deletes its data folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async waitReady(): Promise<void> {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/-/ready`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
