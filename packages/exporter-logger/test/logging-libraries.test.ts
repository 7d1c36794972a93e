import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createProvider } from '@meterkit/core';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import winston from 'winston';
import { pinoSink, winstonSink } from '../src/index.js';

const tempDir = mkdtempSync(join(tmpdir(), 'meterkit-logger-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function collect(stream: PassThrough): string[] {
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return chunks;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('pino', () => {
  it('receives one record per series at the chosen level, fields merged, msg = metric name', async () => {
    const stream = new PassThrough();
    const chunks = collect(stream);
    const logger = pino({ base: { service: 'shop' } }, stream);
    const provider = await createProvider({ provider: 'logger', logger: { sink: pinoSink(logger, 'warn') } });
    provider.counter('orders_total').withTags({ region: 'eu' }).add(2);
    await provider.stop();
    await nextTurn();
    const records = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 40,
      service: 'shop',
      metric: 'orders_total',
      type: 'counter',
      tags: { region: 'eu' },
      value: 2,
      msg: 'orders_total',
    });
    expect(typeof records[0].time).toBe('number');
  });

  it('gets logfmt and table lines as messages at the Config level', async () => {
    const stream = new PassThrough();
    const chunks = collect(stream);
    const logger = pino({ level: 'debug' }, stream);
    const provider = await createProvider({
      provider: 'logger',
      logger: { format: 'logfmt', level: 'debug', sink: pinoSink(logger) },
    });
    provider.gauge('queue').set(4);
    await provider.stop();
    await nextTurn();
    const [record] = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(record.level).toBe(20);
    expect(record.msg).toMatch(/^time=\S+Z metric=queue type=gauge value=4$/);
  });

  it('is flushed on stop() when it writes through an asynchronous destination', async () => {
    const file = join(tempDir, 'pino-async.log');
    const destination = pino.destination({ dest: file, sync: false, minLength: 4096 });
    const provider = await createProvider({
      provider: 'logger',
      logger: { sink: pinoSink(pino(destination)) },
    });
    provider.counter('jobs_total').add(7);
    await provider.stop();
    const record = JSON.parse(readFileSync(file, 'utf8').trim());
    expect(record).toMatchObject({ metric: 'jobs_total', value: 7, level: 30 });
    destination.end();
  });

  it('rejects a level the logger does not have at start-up', async () => {
    const logger = pino({}, new PassThrough());
    await expect(
      createProvider({ provider: 'logger', logger: { level: 'verbose', sink: pinoSink(logger) } }),
    ).rejects.toThrow(/logger\.level="verbose": the pino logger has no such level/);
  });
});

describe('winston', () => {
  it('receives one entry per series with the series as metadata', async () => {
    const stream = new PassThrough();
    const chunks = collect(stream);
    const logger = winston.createLogger({
      level: 'debug',
      format: winston.format.json(),
      defaultMeta: { service: 'shop' },
      transports: [new winston.transports.Stream({ stream })],
    });
    const provider = await createProvider({
      provider: 'logger',
      logger: { sink: winstonSink(logger, 'verbose'), temporality: 'delta' },
    });
    const histogram = provider.histogram('payload_bytes', { buckets: [10, 100] });
    histogram.observe(5);
    histogram.observe(50);
    await provider.stop();
    await nextTurn();
    const entries = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries).toEqual([
      {
        level: 'verbose',
        message: 'payload_bytes',
        service: 'shop',
        metric: 'payload_bytes',
        type: 'histogram',
        tags: {},
        count: 2,
        sum: 55,
        // delta buckets 10:1 100:2 +Inf:2; p50: rank 1 in (0, 10] → 10; p99: rank 1.98 in (10, 100] → 10 + 90 * 0.98
        p50: 10,
        p99: 98.2,
        buckets: [
          [10, 1],
          [100, 2],
          ['+Inf', 2],
        ],
      },
    ]);
    logger.close();
  });

  it('rejects a level the logger does not have', () => {
    const logger = winston.createLogger({
      transports: [new winston.transports.Stream({ stream: new PassThrough() })],
    });
    expect(() => winstonSink(logger, 'trace')).toThrow(/logger\.level="trace"/);
    logger.close();
  });
});
