import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { exposeToParent } from './expose-snapshot.js';
import { workerId, workerTags } from './worker-identity.js';

describe('workerId / workerTags', () => {
  it("prefers PM2's NODE_APP_INSTANCE, which survives restarts", () => {
    expect(workerId({ env: { NODE_APP_INSTANCE: '2' } })).toBe('2');
    expect(workerTags({ env: { NODE_APP_INSTANCE: '0' } })).toEqual({ worker: '0' });
    expect(workerTags({ env: { NODE_APP_INSTANCE: '3' }, key: 'instance' })).toEqual({ instance: '3' });
  });

  it('is "primary" in a process that is neither a cluster worker nor a worker thread', () => {
    expect(workerId({ env: {} })).toBe('primary');
  });
});

describe('exposeToParent', () => {
  it('throws a clear TypeError without a port', () => {
    expect(() => exposeToParent(async () => ({ timestamp: 0, metrics: [] }), { port: null })).toThrow(
      /needs a MessagePort/,
    );
  });

  it('rejects a bad pointsPerMessage', () => {
    const { port1, port2 } = new MessageChannel();
    expect(() =>
      exposeToParent(async () => ({ timestamp: 0, metrics: [] }), { port: port1, pointsPerMessage: 0 }),
    ).toThrow(RangeError);
    port1.close();
    port2.close();
  });
});
