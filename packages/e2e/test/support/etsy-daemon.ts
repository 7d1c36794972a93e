import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort } from './ports.js';

/**
 * The Etsy reference StatsD daemon (npm `statsd@0.9.0`) on 127.0.0.1 (UDP and TCP on one port),
 * with a backend module that appends every flush it computes to a JSON-lines file. Adapted from
 * `packages/exporter-statsd/test/support/etsy-daemon.ts`.
 */

/** One flush as the daemon's backends see it (after its own aggregation). */
export interface EtsyFlush {
  readonly counters: Record<string, number>;
  readonly gauges: Record<string, number>;
  readonly timers: Record<string, number[]>;
  readonly timer_counters: Record<string, number>;
  readonly timer_data: Record<string, { sum: number; histogram?: Record<string, number> }>;
}

/** Histogram bins the daemon computes per timer key (`metric` is matched as a substring). */
export interface EtsyHistogramBins {
  readonly metric: string;
  readonly bins: ReadonlyArray<number | 'inf'>;
}

// Loaded by the daemon with require(): a backend is init(startupTime, config, events).
const RECORDER_BACKEND = `
const fs = require('fs');
exports.init = function (startupTime, config, events) {
  events.on('flush', function (ts, m) {
    fs.appendFileSync(config.recorder.file, JSON.stringify({ counters: m.counters, gauges: m.gauges,
      timers: m.timers, timer_counters: m.timer_counters, timer_data: m.timer_data }) + '\\n');
  });
  return true;
};
`;

const STATSD_ENTRY = createRequire(import.meta.url).resolve('statsd/stats.js');

/** A running daemon. */
export class EtsyDaemon {
  private healthState: 'unknown' | 'asking' | 'up' = 'unknown';

  private constructor(
    readonly port: number,
    private readonly mgmtPort: number,
    private readonly dir: string,
    private readonly recordFile: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
  ) {}

  /** Starts the daemon (on `port` to restart one where it was) and waits for `health: up`. */
  static async start(
    options: { port?: number; flushIntervalMs?: number; histogram?: readonly EtsyHistogramBins[] } = {},
  ): Promise<EtsyDaemon> {
    const port = options.port ?? (await freePort());
    const mgmtPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'meterkit-e2e-etsy-'));
    const recordFile = join(dir, 'records.jsonl');
    writeFileSync(join(dir, 'recorder.js'), RECORDER_BACKEND);
    writeFileSync(recordFile, '');
    const config = {
      address: '127.0.0.1',
      port,
      mgmt_address: '127.0.0.1',
      mgmt_port: mgmtPort,
      flushInterval: options.flushIntervalMs ?? 200,
      servers: [
        { server: './servers/udp', address: '127.0.0.1', port },
        { server: './servers/tcp', address: '127.0.0.1', port },
      ],
      backends: [join(dir, 'recorder.js')],
      recorder: { file: recordFile },
      deleteIdleStats: true,
      percentThreshold: [50, 90],
      histogram: options.histogram ?? [],
      automaticConfigReload: false,
    };
    const configFile = join(dir, 'config.js');
    writeFileSync(configFile, `(${JSON.stringify(config, null, 1)})`);
    const child = spawn(process.execPath, [STATSD_ENTRY, configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (chunk) => output.push(String(chunk)));
    child.stderr?.on('data', (chunk) => output.push(String(chunk)));
    const daemon = new EtsyDaemon(port, mgmtPort, dir, recordFile, child, output);
    try {
      await eventually('the Etsy statsd daemon to answer "health"', () => daemon.checkHealth(), 10_000, 25);
    } catch (error) {
      await daemon.stop();
      throw new Error(`${(error as Error).message}; output: ${output.join('')}`);
    }
    return daemon;
  }

  /** Asks the management port (one question at a time); `true` once it answered `health: up`. */
  private checkHealth(): true | undefined {
    if (this.child.exitCode !== null) throw new Error(`statsd exited with ${this.child.exitCode}`);
    if (this.healthState === 'up') return true;
    if (this.healthState === 'unknown') {
      this.healthState = 'asking';
      const socket = connect(this.mgmtPort, '127.0.0.1', () => socket.write('health\n'));
      socket.on('data', (data) => {
        if (String(data).includes('health: up')) this.healthState = 'up';
        socket.destroy();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (this.healthState === 'asking') this.healthState = 'unknown';
      });
    }
    return undefined;
  }

  /** Every flush recorded so far, oldest first. */
  flushes(): EtsyFlush[] {
    if (!existsSync(this.recordFile)) return [];
    return readFileSync(this.recordFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as EtsyFlush);
  }

  /** Stops the daemon by its PID, waits for the exit, and deletes its temp folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What the daemon printed, for failure messages. */
  get log(): string {
    return this.output.join('');
  }
}
