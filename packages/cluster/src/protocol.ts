import type { WireMetric } from './wire-format.js';

/** Bumped when messages change shape; a peer with another version is reported, not misread. */
export const PROTOCOL_VERSION = 1;

/** Every message of this package has a `type` starting with this; the application's own pass by. */
const PREFIX = 'meterkit:cluster:';

/** Primary → worker: send me your snapshot. */
export const COLLECT = `${PREFIX}collect`;
/** Worker → primary: a part of my snapshot (`final` on the last). */
export const SNAPSHOT_PART = `${PREFIX}part`;
/** Worker → primary: my collection failed. */
export const COLLECT_FAILED = `${PREFIX}failed`;
/** Worker → primary: send me the merged snapshot of the whole cluster. */
export const MERGED_REQUEST = `${PREFIX}merged-request`;
/** Primary → worker: a part of the merged snapshot. */
export const MERGED_PART = `${PREFIX}merged-part`;
/** Primary → worker: the merged collection failed. */
export const MERGED_FAILED = `${PREFIX}merged-failed`;

/** What every message carries. */
export interface ClusterMessage {
  readonly type: string;
  readonly v: number;
  /** Matches an answer to its request. */
  readonly id: number;
}

/** A request: {@link COLLECT} or {@link MERGED_REQUEST}. */
export type RequestMessage = ClusterMessage;

/** A part of a snapshot: {@link SNAPSHOT_PART} or {@link MERGED_PART}. */
export interface PartMessage extends ClusterMessage {
  /** Collection time of the whole snapshot (wall-clock ms). */
  readonly ts: number;
  readonly final: boolean;
  readonly metrics: WireMetric[];
}

/** A failure: {@link COLLECT_FAILED} or {@link MERGED_FAILED}. */
export interface FailureMessage extends ClusterMessage {
  readonly reason: string;
}

/** True for any message of this package (whatever its version). */
export function isClusterMessage(message: unknown): message is ClusterMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    (message as { type: string }).type.startsWith(PREFIX) &&
    typeof (message as { id?: unknown }).id === 'number'
  );
}
