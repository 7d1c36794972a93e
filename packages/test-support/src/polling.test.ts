import { describe, expect, it } from 'vitest';
import { eventually, waitFor } from './polling.js';

describe('eventually', () => {
  it('retries a probe that throws or returns undefined until it returns a value', async () => {
    let calls = 0;
    const value = await eventually(
      'the third call',
      () => {
        calls++;
        if (calls === 1) throw new Error('not up yet');
        return calls === 3 ? 'ready' : undefined;
      },
      5000,
      1,
    );
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it("fails after the timeout naming what it waited for and the probe's last error", async () => {
    await expect(
      eventually(
        'a backend',
        () => {
          throw new Error('connection refused');
        },
        20,
        5,
      ),
    ).rejects.toThrow(/waiting for a backend: Error: connection refused/);
  });
});

describe('waitFor', () => {
  it('fails at once when the check throws', async () => {
    const started = Date.now();
    await expect(
      waitFor('a daemon', () => {
        throw new Error('daemon exited with 1');
      }),
    ).rejects.toThrow('daemon exited with 1');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('returns the first defined value', async () => {
    let calls = 0;
    expect(await waitFor('the second call', () => (++calls === 2 ? calls : undefined))).toBe(2);
  });
});
