import type { ServerResponse } from 'node:http';
import type { Snapshot } from '@meterkit/core';
import { flattenSnapshot } from './series-state.js';
import { StreamDiffer } from './stream-differ.js';
import { type HelloMessage, STREAM_EVENTS } from './stream-protocol.js';

/** Options of {@link SnapshotBroadcaster}. */
export interface BroadcasterOptions {
  readonly collect: () => Promise<Snapshot>;
  readonly hello: HelloMessage;
  readonly intervalMs: number;
  readonly maxSeries: number;
  readonly onError: (error: Error, source: string) => void;
}

/**
 * A page that reads slower than frames arrive is disconnected once this much is queued for it; its
 * EventSource reconnects and starts again from a full frame, so a slow page never holds unbounded
 * memory on the server.
 */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

function event(name: string, data: unknown): string {
  // JSON never contains a raw newline, so the data fits on one `data:` line.
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Collects the provider on a timer while at least one page is connected and sends each page the
 * changes. One collection and one diff serve every page; with no page open nothing runs and nothing
 * is kept.
 */
export class SnapshotBroadcaster {
  private readonly clients = new Set<ServerResponse>();
  private readonly differ = new StreamDiffer();
  private timer: NodeJS.Timeout | undefined;
  private collecting = false;

  constructor(private readonly options: BroadcasterOptions) {}

  /** Pages connected now. */
  get size(): number {
    return this.clients.size;
  }

  /** Starts streaming to a response whose headers are written. */
  add(res: ServerResponse): void {
    this.clients.add(res);
    res.on('close', () => this.remove(res));
    // Reconnect after 2 s when the connection drops (the EventSource default is 3 s).
    res.write(`retry: 2000\n${event(STREAM_EVENTS.hello, this.options.hello)}`);
    const full = this.differ.fullFrame();
    if (full !== undefined) res.write(event(STREAM_EVENTS.frame, full));
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
      this.timer.unref();
      void this.tick();
    }
  }

  /** Stops streaming to every page and ends their responses. */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.stop();
  }

  private remove(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0) this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.differ.reset();
  }

  private async tick(): Promise<void> {
    // A collection slower than the interval is not overlapped by the next one.
    if (this.collecting) return;
    this.collecting = true;
    let message: string;
    try {
      const snapshot = await this.options.collect();
      if (this.clients.size === 0) return;
      const { entries, omitted } = flattenSnapshot(snapshot, this.options.maxSeries);
      const frame = this.differ.update(snapshot.timestamp, entries, omitted);
      message = event(STREAM_EVENTS.frame, frame);
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      this.options.onError(cause, 'dashboard collection');
      message = event(STREAM_EVENTS.problem, { message: `collection failed: ${cause.message}` });
    } finally {
      this.collecting = false;
    }
    for (const res of this.clients) {
      if (res.writableLength > MAX_QUEUED_BYTES) res.destroy();
      else res.write(message);
    }
  }
}
