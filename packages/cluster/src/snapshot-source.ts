import type { Provider, Registry, Snapshot } from '@meterkit/core';

/**
 * Where a process's own metrics come from: a provider, a registry, or any function returning a
 * snapshot (for example one that filters or renames series first).
 */
export type SnapshotSource = Provider | Registry | (() => Promise<Snapshot>);

/** The collect function of a {@link SnapshotSource}. */
export function snapshotReader(source: SnapshotSource): () => Promise<Snapshot> {
  if (typeof source === 'function') return source;
  if ('snapshot' in source && typeof source.snapshot === 'function') return () => source.snapshot();
  if ('registry' in source && typeof source.registry === 'function') {
    const registry = source.registry();
    return () => registry.snapshot();
  }
  throw new TypeError(
    `Expected a meterkit Provider, Registry or a function returning a Snapshot, got ${typeof source}`,
  );
}

/** Where this package reports what it cannot do (`onError`). */
export type ClusterErrorHandler = (error: Error, source: string) => void;

const lastShown = new Map<string, number>();

/**
 * The default error handler: one line on stderr, each distinct message at most once a minute (a
 * worker that keeps timing out must not flood the log), like core's default.
 */
export function reportToStderr(error: Error, source: string): void {
  const key = `${source}\u0000${error.message}`;
  const now = Date.now();
  const last = lastShown.get(key);
  if (last !== undefined && now - last < 60_000) return;
  if (lastShown.size > 1000) lastShown.clear();
  lastShown.set(key, now);
  process.stderr.write(`[meterkit] ${source}: ${error.message}\n`);
}

/** Any thrown value as an Error. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
