import { describe, expect, it } from 'vitest';
import { createProvider } from '../index.js';
import { trackBlock } from './track-block.js';

describe('trackBlock', () => {
  it('measures sync and async blocks, returning their values and rethrowing their errors', async () => {
    const provider = await createProvider({ provider: 'memory' });
    expect(trackBlock(provider, 'parse_config', () => JSON.parse('{"a":1}'))).toEqual({ a: 1 });
    expect(() => trackBlock(provider, 'parse_config', () => JSON.parse('{'))).toThrow(SyntaxError);
    const built = trackBlock(provider, { name: 'report_build', tags: { kind: 'daily' } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 'report';
    });
    expect(await built).toBe('report');

    const calls = provider.counter('parse_config_total');
    expect(calls.withTags({ outcome: 'success' }).value()).toBe(1);
    expect(calls.withTags({ outcome: 'error' }).value()).toBe(1);
    expect(provider.timer('parse_config_duration_seconds').snapshot().count).toBe(2);
    const report = provider.timer('report_build_duration_seconds').withTags({ kind: 'daily' }).snapshot();
    expect(report.count).toBe(1);
    expect(report.sum).toBeGreaterThanOrEqual(0.005);
    expect(
      provider.counter('report_build_total').withTags({ kind: 'daily', outcome: 'success' }).value(),
    ).toBe(1);
  });
});
