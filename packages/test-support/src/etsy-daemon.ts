import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeLines } from './complete-lines.js';
import { waitFor } from './polling.js';
import { freePort } from './ports.js';

/**
 * The Etsy reference StatsD daemon (npm `statsd@0.9.0`, resolved from this package) on 127.0.0.1
 * (UDP and TCP on one port), with a backend module that appends every packet it receives and every
 * flush it computes to a JSON-lines file.
 */

/** One flush as the daemon's backends see it (after its own aggregation). */
export interface EtsyFlush {
  readonly counters: Record<string, number>;
  readonly gauges: Record<string, number>;
  readonly timers: Record<string, number[]>;
  readonly timer_counters: Record<string, number>;
  readonly timer_data: Record<string, EtsyTimerData>;
}

/** The daemon's statistics for one timer key at one flush (`upper_90`, `histogram`, ...). */
export interface EtsyTimerData {
  readonly sum: number;
  /** Non-cumulative bin counts (`bin_100`, `bin_inf`) when the key matches a histogram setting. */
  readonly histogram?: Record<string, number>;
  readonly [stat: string]: number | Record<string, number> | undefined;
}

/** Histogram bins the daemon computes per timer key (`metric` is matched as a substring). */
export interface EtsyHistogramBins {
  readonly metric: string;
  readonly bins: ReadonlyArray<number | 'inf'>;
}

/** A timer as the daemon computes it at a flush (`upper_90` etc. for each `percentThreshold`). */
export interface EtsyTimer {
  readonly values: readonly number[];
  readonly count: number;
  readonly sum: number;
  readonly mean: number;
  readonly upper: number;
  readonly lower: number;
  readonly upper_90: number;
  /** How many of the smallest values the 90th percentile covers, their sum and mean. */
  readonly count_90: number;
  readonly sum_90: number;
  readonly mean_90: number;
  readonly upper_50?: number;
  readonly upper_99?: number;
}

/**
 * count/sum/mean/upper/lower and upper/count/sum/mean for 50, 90 and 99 as process_metrics.js
 * computes them from raw values (sorted ascending, summed in that order), for samples that
 * straddled two daemon flushes.
 */
export function etsyTimerStats(values: readonly number[]): EtsyTimer {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const cumulative: number[] = [];
  for (const value of sorted) cumulative.push(cumulative.length === 0 ? value : value + cumulative.at(-1)!);
  const sum = cumulative[count - 1]!;
  const stats: Record<string, number> = {
    count,
    sum,
    mean: sum / count,
    upper: sorted[count - 1]!,
    lower: sorted[0]!,
  };
  for (const pct of [50, 90, 99]) {
    const within = count > 1 ? Math.round((pct / 100) * count) : count;
    if (within === 0) continue;
    stats[`upper_${pct}`] = sorted[within - 1]!;
    stats[`count_${pct}`] = within;
    stats[`sum_${pct}`] = cumulative[within - 1]!;
    stats[`mean_${pct}`] = cumulative[within - 1]! / within;
  }
  return { ...stats, values: sorted } as unknown as EtsyTimer;
}

/** One packet as received: its size in bytes and its text. */
export interface EtsyPacket {
  readonly bytes: number;
  readonly text: string;
}

/** Options for the daemon's config file. */
export interface EtsyDaemonOptions {
  /** Reuse a port (to restart a daemon where it was). */
  readonly port?: number;
  readonly flushIntervalMs?: number;
  /** Keep keys as received (`name;k=v`); the daemon otherwise deletes characters such as '/' and ':'. */
  readonly keyNameSanitize?: boolean;
  /** Default [90]. */
  readonly percentThreshold?: readonly number[];
  readonly histogram?: readonly EtsyHistogramBins[];
}

// Written to the temp dir and loaded by the daemon with require(): a backend is init(startup, config, events).
const RECORDER_BACKEND = `
const fs = require('fs');
exports.init = function (startupTime, config, events) {
  const file = config.recorder.file;
  events.on('packet', function (msg, rinfo) {
    const text = msg.toString();
    fs.appendFileSync(file, JSON.stringify({ kind: 'packet', bytes: Buffer.isBuffer(msg) ? msg.length : rinfo.size, text: text }) + '\\n');
  });
  events.on('flush', function (ts, m) {
    fs.appendFileSync(file, JSON.stringify({ kind: 'flush', counters: m.counters, gauges: m.gauges, timers: m.timers,
      timer_counters: m.timer_counters, timer_data: m.timer_data }) + '\\n');
  });
  return true;
};
`;

/** Resolved when a daemon starts, so that importing the helpers never needs the daemon installed. */
const statsdEntry = () => createRequire(import.meta.url).resolve('statsd/stats.js');

/** A running daemon. */
export class EtsyDaemon {
  private constructor(
    readonly port: number,
    readonly mgmtPort: number,
    readonly dir: string,
    private readonly recordFile: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
  ) {}

  /** Starts the daemon (UDP and TCP on `port`) and waits until its management port answers. */
  static async start(options: EtsyDaemonOptions = {}): Promise<EtsyDaemon> {
    const port = options.port ?? (await freePort());
    const mgmtPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'meterkit-etsy-'));
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
      keyNameSanitize: options.keyNameSanitize ?? true,
      percentThreshold: options.percentThreshold ?? [90],
      histogram: options.histogram ?? [],
      automaticConfigReload: false,
    };
    const configFile = join(dir, 'config.js');
    writeFileSync(configFile, `(${JSON.stringify(config, null, 1)})`);
    const child = spawn(process.execPath, [statsdEntry(), configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (chunk) => output.push(String(chunk)));
    child.stderr?.on('data', (chunk) => output.push(String(chunk)));
    const daemon = new EtsyDaemon(port, mgmtPort, dir, recordFile, child, output);
    try {
      await waitFor('the Etsy statsd daemon to answer "health"', () => daemon.checkHealth(), 10_000);
    } catch (error) {
      await daemon.stop();
      daemon.dispose();
      throw new Error(`${(error as Error).message}; output: ${output.join('')}`);
    }
    return daemon;
  }

  private healthState: 'unknown' | 'asking' | 'up' = 'unknown';

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
    return this.records().flushes;
  }

  /** Everything recorded so far. */
  records(): { flushes: EtsyFlush[]; packets: EtsyPacket[] } {
    const flushes: EtsyFlush[] = [];
    const packets: EtsyPacket[] = [];
    if (!existsSync(this.recordFile)) return { flushes, packets };
    for (const line of completeLines(readFileSync(this.recordFile, 'utf8'))) {
      const record = JSON.parse(line) as { kind: string } & EtsyFlush & EtsyPacket;
      if (record.kind === 'flush') flushes.push(record);
      else packets.push(record);
    }
    return { flushes, packets };
  }

  /** Counters summed over every flush; internal `statsd.*` counters left out. */
  counterTotals(): Map<string, number> {
    const totals = new Map<string, number>();
    for (const flush of this.records().flushes) {
      for (const [key, value] of Object.entries(flush.counters)) {
        if (!key.startsWith('statsd.')) totals.set(key, (totals.get(key) ?? 0) + value);
      }
    }
    return totals;
  }

  /** The last value of every gauge. */
  lastGauges(): Map<string, number> {
    const gauges = new Map<string, number>();
    for (const flush of this.records().flushes) {
      for (const [key, value] of Object.entries(flush.gauges))
        if (!key.startsWith('statsd.')) gauges.set(key, value);
    }
    return gauges;
  }

  /**
   * The timer `key` over consecutive flushes until `count` samples were counted (`undefined` until
   * then), starting after `skip` counted samples. When one daemon flush holds them all (the usual
   * case) the numbers are the daemon's own `timer_data`; when packets straddled two flushes they are
   * recomputed from the received values with the daemon's algorithm.
   */
  timer(key: string, count: number, skip = 0): EtsyTimer | undefined {
    const flushes = this.records().flushes.filter((flush) => (flush.timers[key]?.length ?? 0) > 0);
    let seen = 0;
    const used: EtsyFlush[] = [];
    for (const flush of flushes) {
      if (seen >= skip) used.push(flush);
      seen += flush.timer_counters[key]!;
      if (seen >= skip + count) break;
    }
    const counted = used.reduce((sum, flush) => sum + flush.timer_counters[key]!, 0);
    if (counted < count) return undefined;
    if (used.length === 1) {
      const data = used[0]!.timer_data[key];
      return { ...data, values: used[0]!.timers[key]!, count: counted } as unknown as EtsyTimer;
    }
    return { ...etsyTimerStats(used.flatMap((flush) => flush.timers[key]!)), count: counted };
  }

  /** Stops the daemon by its PID and waits until it has exited; its records stay readable until {@link dispose}. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  /** Deletes the temp dir (after {@link stop}). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What the daemon printed, for failure messages. */
  get log(): string {
    return this.output.join('');
  }
}
