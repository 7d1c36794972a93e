import { PassThrough } from 'node:stream';
import type { Provider } from '@meterkit/core';
import { type ConformanceBackend, runConformance } from '@meterkit/core/testing';
import pino from 'pino';
import { describe, it } from 'vitest';
import winston from 'winston';
import { pinoSink, winstonSink } from '../src/index.js';
import { readJsonRecords, readLogfmtLines } from './read-back.js';

/** Collects what a stream receives, line by line. */
function lineCollector(): { stream: PassThrough; lines: string[] } {
  const stream = new PassThrough();
  const lines: string[] = [];
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line !== ''));
  });
  return { stream, lines };
}

/** Lets stream 'data' events that were queued during stop() run. */
const drain = () => new Promise((resolve) => setImmediate(resolve));

describe('conformance', () => {
  it('JSON lines to a function sink read back with JSON.parse', async () => {
    const lines: string[] = [];
    const backend: ConformanceBackend = {
      name: 'logger json',
      config: () => ({ provider: 'logger', logger: { format: 'json', sink: (line) => lines.push(line) } }),
      read: async (provider: Provider) => {
        await provider.stop();
        return readJsonRecords(lines);
      },
    };
    await runConformance(backend);
  });

  it('logfmt lines read back with a logfmt parser (no buckets in logfmt)', async () => {
    const lines: string[] = [];
    await runConformance({
      name: 'logger logfmt',
      config: () => ({ provider: 'logger', logger: { format: 'logfmt', sink: (line) => lines.push(line) } }),
      read: async (provider) => {
        await provider.stop();
        return readLogfmtLines(lines);
      },
      capabilities: { buckets: false },
    });
  });

  it('records logged through a real pino logger', async () => {
    const { stream, lines } = lineCollector();
    const logger = pino({ level: 'debug' }, stream);
    await runConformance({
      name: 'logger via pino',
      config: () => ({ provider: 'logger', logger: { sink: pinoSink(logger), level: 'debug' } }),
      read: async (provider) => {
        await provider.stop();
        await drain();
        return readJsonRecords(lines);
      },
    });
  });

  it('records logged through a real winston logger', async () => {
    const { stream, lines } = lineCollector();
    const logger = winston.createLogger({
      level: 'info',
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream })],
    });
    await runConformance({
      name: 'logger via winston',
      config: () => ({ provider: 'logger', logger: { sink: winstonSink(logger, 'info') } }),
      read: async (provider) => {
        await provider.stop();
        await drain();
        return readJsonRecords(lines);
      },
    });
    logger.close();
  });
});
