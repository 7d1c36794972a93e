import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeLines, freePort, waitFor } from '@meterkit/test-support';

/** One CSV row written by collectd's csv plugin. */
export interface CsvRow {
  readonly epoch: number;
  readonly value: number;
}

const HOST = 'meterkit';

/**
 * collectd 5.12 in the foreground with its statsd plugin (a strict plain-StatsD parser: no
 * DogStatsD tags, `@rate` only on counters and timers) and the csv plugin writing every value once a
 * second. Install with `apt-get install -y --no-install-recommends collectd-core`.
 */
export class CollectdDaemon {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<CollectdDaemon> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'meterkit-collectd-'));
    const config = [
      `Hostname "${HOST}"`,
      'FQDNLookup false',
      'Interval 1',
      `BaseDir "${dir}"`,
      `PIDFile "${join(dir, 'collectd.pid')}"`,
      'TypesDB "/usr/share/collectd/types.db"',
      'LoadPlugin logfile',
      '<Plugin logfile>',
      '  LogLevel info',
      `  File "${join(dir, 'collectd.log')}"`,
      '</Plugin>',
      'LoadPlugin statsd',
      '<Plugin statsd>',
      '  Host "127.0.0.1"',
      `  Port "${port}"`,
      '  TimerCount true',
      '  TimerSum true',
      '  TimerUpper true',
      '  TimerLower true',
      '</Plugin>',
      'LoadPlugin csv',
      '<Plugin csv>',
      `  DataDir "${join(dir, 'csv')}"`,
      '  StoreRates false',
      '</Plugin>',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'collectd.conf'), config);
    const child = spawn('collectd', ['-f', '-C', join(dir, 'collectd.conf')], { stdio: 'ignore' });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const daemon = new CollectdDaemon(port, dir, child);
    const failed = await Promise.race([
      spawnError,
      waitFor(
        'collectd to listen',
        () => (daemon.log.includes('statsd plugin: Listening on') ? null : undefined),
        10_000,
      ).catch((error: Error) => error),
    ]);
    if (failed instanceof Error) {
      await daemon.stop();
      daemon.dispose();
      throw new Error(
        `collectd did not start (${failed.message}). Install it with ` +
          `"apt-get install -y --no-install-recommends collectd-core". Log: ${daemon.log}`,
      );
    }
    return daemon;
  }

  /** collectd's log file. */
  get log(): string {
    const file = join(this.dir, 'collectd.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Lines the statsd plugin could not parse. */
  get rejectedLines(): string[] {
    return [...this.log.matchAll(/statsd plugin: Unable to parse line: "(.*)"/g)].map((m) => m[1]!);
  }

  /** The rows of `<type>-<instance>-<date>` (e.g. `derive-app.jobs`), across days. */
  rows(typeAndInstance: string): CsvRow[] {
    const folder = join(this.dir, 'csv', HOST, 'statsd');
    if (!existsSync(folder)) return [];
    const prefix = `${typeAndInstance}-`;
    const rows: CsvRow[] = [];
    for (const file of readdirSync(folder).sort()) {
      if (!file.startsWith(prefix) || !/^\d{4}-\d{2}-\d{2}$/.test(file.slice(prefix.length))) continue;
      for (const line of completeLines(readFileSync(join(folder, file), 'utf8')).slice(1)) {
        const [epoch, value] = line.split(',');
        if (epoch && value) rows.push({ epoch: Number(epoch), value: Number(value) });
      }
    }
    return rows;
  }

  /** Stops collectd by its PID and waits until it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined)
      return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
