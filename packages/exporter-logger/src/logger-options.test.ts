import { ConfigError } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { resolveLoggerOptions } from './logger-options.js';

const resolve = (logger: unknown, flushIntervalMs = 10_000) =>
  resolveLoggerOptions({ logger: logger as never, flushIntervalMs });

describe('resolveLoggerOptions', () => {
  it('fills in the defaults: JSON lines to stdout, cumulative, every flush interval', () => {
    expect(resolve({}, 15_000)).toEqual({
      format: 'json',
      sink: undefined,
      level: 'info',
      temporality: 'cumulative',
      onlyChanged: false,
      intervalMs: 15_000,
      quantiles: [0.5, 0.99],
      exponentialQuantiles: [0.5, 0.9, 0.99],
    });
    expect(resolve(undefined).format).toBe('json');
  });

  it('accepts every documented option', () => {
    const sink = (_line: string) => {};
    expect(
      resolve({
        format: 'table',
        sink,
        level: 'debug',
        temporality: 'delta',
        onlyChanged: true,
        interval: '2.5s',
        quantiles: [0.99, 0.5, 0.999, 0.5],
      }),
    ).toEqual({
      format: 'table',
      sink,
      level: 'debug',
      temporality: 'delta',
      onlyChanged: true,
      intervalMs: 2500,
      quantiles: [0.5, 0.99, 0.999],
      exponentialQuantiles: [0.5, 0.99, 0.999],
    });
  });

  it.each([
    ['logger', 'json'],
    ['logger.format', { format: 'xml' }],
    ['logger.sink', { sink: 'stdout' }],
    ['logger.level', { level: '' }],
    ['logger.level', { level: 3 }],
    ['logger.temporality', { temporality: 'monotonic' }],
    ['logger.onlyChanged', { onlyChanged: 'yes' }],
    ['logger.interval', { interval: '5 parsecs' }],
    ['logger.interval', { interval: 0 }],
    ['logger.interval', { interval: true }],
    ['logger.quantiles', { quantiles: 0.5 }],
    ['logger.quantiles', { quantiles: [0.5, 1.5] }],
    ['logger.quantiles', { quantiles: [Number.NaN] }],
    ['logger.fromat', { fromat: 'json' }],
  ])('rejects a bad %s with a ConfigError naming it', (field, section) => {
    let caught: unknown;
    try {
      resolve(section);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).field).toBe(field);
    expect((caught as ConfigError).message).toContain(field);
  });
});
