import type { MetricSnapshot } from '@meterkit/core';
import type { ParentChannel } from './parent-channel.js';
import { type PartMessage, PROTOCOL_VERSION } from './protocol.js';
import { encodeParts } from './wire-format.js';

/** Default series per message: each part parses and merges in about a millisecond. */
export const DEFAULT_POINTS_PER_MESSAGE = 2000;

/** Where parts go: a parent channel, or one worker seen from the primary. */
export type SendMessage = ParentChannel['send'];

/**
 * Sends metrics as a sequence of part messages, the last one marked `final`. Each part is encoded
 * only when the previous one was handed over, so a large snapshot never exists twice in memory.
 */
export async function sendSnapshot(
  send: SendMessage,
  type: string,
  id: number,
  timestamp: number,
  metrics: readonly MetricSnapshot[],
  pointsPerMessage: number,
): Promise<void> {
  const parts = encodeParts(metrics, pointsPerMessage);
  let current = parts.next();
  while (!current.done) {
    const next = parts.next();
    const message: PartMessage = {
      type,
      v: PROTOCOL_VERSION,
      id,
      ts: timestamp,
      final: next.done === true,
      metrics: current.value,
    };
    await send(message);
    current = next;
  }
}
