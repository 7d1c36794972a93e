import type { Provider, Registry, Snapshot } from '@meterkit/core';

/**
 * Where a process's own metrics come from: a provider, a registry, or any function returning a
 * snapshot (for example one that filters or renames series first).
 */
export type ClusterSnapshotSource = Provider | Registry | (() => Promise<Snapshot>);

/** @deprecated Renamed {@link ClusterSnapshotSource} (exporter-otel has a `SnapshotSource` of another shape). */
export type SnapshotSource = ClusterSnapshotSource;

/** The collect function of a {@link ClusterSnapshotSource}. */
export function snapshotReader(source: ClusterSnapshotSource): () => Promise<Snapshot> {
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

/** Any thrown value as an Error. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
