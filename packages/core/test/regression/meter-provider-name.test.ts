import { describe, expect, it } from 'vitest';
import { createProvider, MeterkitProvider, MeterProvider } from '../../src/index.js';

/**
 * Core's provider class was `MeterProvider` in 0.1.0, the OpenTelemetry SDK's class name. It is
 * `MeterkitProvider` now; the old name must keep working (same class) until the next major release.
 */
describe('MeterkitProvider, formerly MeterProvider', () => {
  it('is what createProvider returns for a recording backend, and the old name is the same class', async () => {
    const provider = await createProvider({ provider: 'memory' });
    expect(provider).toBeInstanceOf(MeterkitProvider);
    expect(provider.withTags({ team: 'a' })).toBeInstanceOf(MeterkitProvider);
    expect(MeterProvider).toBe(MeterkitProvider);
    expect(provider).toBeInstanceOf(MeterProvider);
    await provider.stop();
  });
});
