import { ConfigError } from '@meterkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pinoSink, winstonSink } from './logger-adapters.js';
import { resolveSink, SinkError } from './sinks.js';

const entries = [{ line: 'first' }, { line: 'second' }];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('resolveSink', () => {
  it('writes a whole flush to stdout in one write by default', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    resolveSink(undefined, 'info', () => {}).write(entries);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0]?.[0]).toBe('first\nsecond\n');
  });

  it('reports an asynchronous stdout write error to the error handler', () => {
    const failure = new Error('EPIPE');
    vi.spyOn(process.stdout, 'write').mockImplementation(((
      _text: string,
      callback: (error?: Error) => void,
    ) => {
      callback(failure);
      return false;
    }) as never);
    const errors: Error[] = [];
    resolveSink(undefined, 'info', (error) => errors.push(error)).write(entries);
    expect(errors).toEqual([failure]);
  });

  it('calls a function sink once per line and keeps going when a line throws', () => {
    const seen: string[] = [];
    const sink = resolveSink(
      (line) => {
        seen.push(line);
        if (line === 'first') throw new Error('disk full');
      },
      'info',
      () => {},
    );
    let caught: unknown;
    try {
      sink.write(entries);
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(['first', 'second']);
    expect(caught).toBeInstanceOf(SinkError);
    expect((caught as SinkError).message).toBe('The logger sink threw for 1 of 2 lines: disk full');
    expect((caught as SinkError).cause).toEqual(new Error('disk full'));
  });

  it('uses the configured level for an adapter made without one, and rejects a level the logger lacks', () => {
    const calls: unknown[][] = [];
    const fakeWinston = { levels: { info: 2, debug: 5 }, log: (...args: unknown[]) => calls.push(args) };
    resolveSink(winstonSink(fakeWinston), 'debug', () => {}).write([{ line: 'x' }]);
    expect(calls).toEqual([['debug', 'x']]);
    expect(() => resolveSink(winstonSink(fakeWinston), 'trace', () => {})).toThrow(ConfigError);
    expect(() => winstonSink(fakeWinston, 'trace')).toThrow(
      /logger\.level="trace": the winston logger has no such level/,
    );
  });

  it('an adapter sink is also a plain (line) => void at its level', () => {
    const calls: unknown[][] = [];
    const fakePino = {
      levels: { values: { info: 30, warn: 40 } },
      info: (...args: unknown[]) => calls.push(['info', ...args]),
      warn: (...args: unknown[]) => calls.push(['warn', ...args]),
    };
    pinoSink(fakePino, 'warn')('hello');
    pinoSink(fakePino)('hi');
    expect(calls).toEqual([
      ['warn', {}, 'hello'],
      ['info', {}, 'hi'],
    ]);
    expect(() => pinoSink(fakePino, 'child')).toThrow(ConfigError);
  });
});
