import { ConfigError } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { resolveDashboardOptions } from './dashboard-options.js';

describe('resolveDashboardOptions', () => {
  it('fills in the defaults: page at /, 2 s frames, bounded series and pages, no credentials', () => {
    const resolved = resolveDashboardOptions({ env: {} });
    expect(resolved).toMatchObject({
      path: '/',
      intervalMs: 2000,
      maxSeries: 5000,
      maxSeriesPerChart: 50,
      maxClients: 16,
      scrapeAuth: undefined,
      title: 'meterkit',
    });
  });

  it('accepts durations as strings and adds the trailing slash to a path', () => {
    const resolved = resolveDashboardOptions({ interval: '500ms', path: '/ops', env: {} });
    expect(resolved.intervalMs).toBe(500);
    expect(resolved.path).toBe('/ops/');
  });

  it.each([
    [{ interval: 100 }, /dashboard.interval=100: must be between 250ms and 60s/],
    [{ interval: '2 weeks' }, /dashboard.interval/],
    [{ maxSeries: 1.5 }, /dashboard.maxSeries=1.5/],
    [{ maxClients: -1 }, /dashboard.maxClients=-1/],
    [{ path: 'dash' }, /dashboard.path="dash"/],
    [{ path: '/a?b' }, /dashboard.path/],
    [{ title: 7 }, /dashboard.title=7/],
    [{ scrapeAuth: { token: 'x' } }, /dashboard.scrapeAuth.token="\[redacted\]"/],
    [{ intervall: '1s' }, /dashboard.intervall.*is not an option/],
  ])('rejects %j with a ConfigError naming it', (options, message) => {
    expect(() => resolveDashboardOptions(options as never)).toThrow(ConfigError);
    expect(() => resolveDashboardOptions(options as never)).toThrow(message);
  });

  it('takes basic credentials from the environment like the Prometheus exporter', () => {
    const resolved = resolveDashboardOptions({
      env: { METERKIT_PROMETHEUS_BASIC_AUTH_USERNAME: 'ops', METERKIT_PROMETHEUS_BASIC_AUTH_PASSWORD: 'pw' },
    });
    expect(resolved.scrapeAuth).toEqual({ basic: { username: 'ops', password: 'pw' } });
  });
});
