import { assertLevel, type LoggerAdapter, loggerAdapterOf } from './logger-adapters.js';
import type { LogEntry } from './metric-formatter.js';

/** Where the exporter writes the lines of one flush. `write` may throw; the exporter reports it. */
export interface LogSink {
  write(entries: readonly LogEntry[]): void;
  /** Resolves once everything written has left the process (or could not). */
  flush(): Promise<void>;
}

/**
 * Picks the sink for a validated `logger` section: stdout when none is given, a pino/winston
 * adapter (at its own level, else `level`), or a plain `(line) => void` function.
 *
 * @throws ConfigError when a logger adapter has no such level.
 */
export function resolveSink(
  sink: ((line: string) => void) | undefined,
  level: string,
  onError: (error: Error) => void,
): LogSink {
  if (sink === undefined) return new StdoutSink(onError);
  const adapter = loggerAdapterOf(sink);
  if (adapter !== undefined) {
    const effectiveLevel = adapter.level ?? level;
    assertLevel(adapter, effectiveLevel);
    return new AdapterSink(adapter, effectiveLevel);
  }
  return new FunctionSink(sink);
}

/**
 * Writes a flush to `process.stdout` in one `write`, so that a table is not interleaved with other
 * output. `process.stdout` is read at each write (not captured) so that tests and tools replacing it
 * still see the output. Asynchronous write errors (a closed pipe) go to the error handler.
 */
class StdoutSink implements LogSink {
  constructor(private readonly onError: (error: Error) => void) {}

  write(entries: readonly LogEntry[]): void {
    let text = '';
    for (const entry of entries) text += `${entry.line}\n`;
    process.stdout.write(text, (error) => {
      if (error) this.onError(error);
    });
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Calls the user's function once per line; one failing line does not stop the others. */
class FunctionSink implements LogSink {
  constructor(private readonly sink: (line: string) => void) {}

  write(entries: readonly LogEntry[]): void {
    writeEach(entries, (entry) => this.sink(entry.line));
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Logs each entry through pino or winston at one level. */
class AdapterSink implements LogSink {
  constructor(
    private readonly adapter: LoggerAdapter,
    private readonly level: string,
  ) {}

  write(entries: readonly LogEntry[]): void {
    writeEach(entries, (entry) => this.adapter.log(this.level, entry));
  }

  flush(): Promise<void> {
    return this.adapter.flush();
  }
}

/** Writes every entry even when some throw, then throws one {@link SinkError} for the flush. */
function writeEach(entries: readonly LogEntry[], write: (entry: LogEntry) => void): void {
  let failures = 0;
  let firstError: unknown;
  for (const entry of entries) {
    try {
      write(entry);
    } catch (error) {
      if (failures++ === 0) firstError = error;
    }
  }
  if (failures > 0) throw new SinkError(failures, entries.length, firstError);
}

/** A sink threw for some lines of a flush. The first error is the `cause`. */
export class SinkError extends Error {
  readonly code = 'METERKIT_LOGGER_SINK_FAILED';
  constructor(
    readonly failedLines: number,
    readonly totalLines: number,
    cause: unknown,
  ) {
    super(`The logger sink threw for ${failedLines} of ${totalLines} lines: ${errorMessage(cause)}`, {
      cause,
    });
    this.name = 'SinkError';
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
