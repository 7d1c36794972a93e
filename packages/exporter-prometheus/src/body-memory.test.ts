import { request } from 'node:http';
import { createProvider } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { manyCounters } from '../test/fixtures/snapshots.js';
import { BodyMemory } from './body-memory.js';
import { CollectedExposition, type RenderedExposition } from './collected-exposition.js';
import { createScrapeHandler } from './scrape-handler.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

let server: StandaloneServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('BodyMemory', () => {
  it('keeps the largest body memory given back, once, and ignores small buffers', () => {
    const memory = new BodyMemory();
    expect(memory.take()).toBeUndefined();
    memory.giveBack(Buffer.allocUnsafe(100));
    expect(memory.take()).toBeUndefined();
    const large = Buffer.allocUnsafe(200_000);
    memory.giveBack(large.subarray(10, 20));
    memory.giveBack(Buffer.allocUnsafe(100_000));
    const taken = memory.take();
    expect(taken?.buffer).toBe(large.buffer);
    expect(taken?.length).toBe(200_000);
    expect(memory.take()).toBeUndefined();
  });
});

function bodyOf(rendered: RenderedExposition): Buffer {
  if (!rendered.fits) throw rendered.error;
  return rendered.body;
}

describe('CollectedExposition and BodyMemory', () => {
  const options = (memory: BodyMemory) => ({
    maxBytes: undefined,
    linesPerChunk: 1000,
    onConflict: () => {},
    memory,
  });

  it('gives a body memory back only once retired and unread, and write the next body into it', async () => {
    const memory = new BodyMemory();
    const first = new CollectedExposition(manyCounters(5000, 'first'), options(memory));
    const done = first.read();
    const firstBody = bodyOf(await first.render('prometheus-text'));
    const firstCopy = Buffer.from(firstBody);
    first.retire();
    // Still read by a response: the next collection must use other memory.
    expect(memory.take()).toBeUndefined();
    const second = new CollectedExposition(manyCounters(5000, 'second'), options(memory));
    const secondBody = bodyOf(await second.render('openmetrics'));
    expect(secondBody.buffer).not.toBe(firstBody.buffer);
    expect(firstBody.equals(firstCopy)).toBe(true);
    done();
    done(); // a second call changes nothing
    second.retire();
    // Both retired and unread: the larger memory is kept, and the next body is written into it.
    const third = new CollectedExposition(manyCounters(4000, 'third'), options(memory));
    const thirdBody = bodyOf(await third.render('prometheus-text'));
    expect([firstBody.buffer, secondBody.buffer]).toContain(thirdBody.buffer);
    expect(thirdBody.toString()).toContain('# TYPE third_total counter\n');
    expect(thirdBody.toString()).toContain('third_total{series="3999",shard="15"} 3999\n');
    expect(thirdBody.toString()).not.toContain('first');
  });

  it('never gives back the memory of bodies another serializer made', async () => {
    const memory = new BodyMemory();
    const custom = Buffer.alloc(100_000, 0x61);
    const exposition = new CollectedExposition(manyCounters(10), {
      ...options(memory),
      serialize: () => [custom],
    });
    exposition.read()();
    await exposition.render('prometheus-text');
    exposition.retire();
    expect(memory.take()).toBeUndefined();
  });
});

/** A GET whose body is read only when `resume()` is called: the response stays in flight until then. */
function pausedScrape(url: string): { headers: Promise<void>; resume: () => Promise<string> } {
  let resolveHeaders: () => void;
  const headers = new Promise<void>((resolve) => {
    resolveHeaders = resolve;
  });
  let resume!: () => Promise<string>;
  const body = new Promise<string>((resolve, reject) => {
    request(url, (res) => {
      res.pause();
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      res.on('error', reject);
      resolveHeaders();
      resume = () => {
        res.resume();
        return body;
      };
    })
      .on('error', reject)
      .end();
  });
  return { headers, resume: () => resume() };
}

function valuesOf(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('jobs_total{')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

describe('scrape bodies written into reused memory', () => {
  it('never change a response still being sent, and stay exact when the memory is reused', async () => {
    const provider = await createProvider({ provider: 'memory', cardinalityLimit: 100_000 });
    const jobs = provider.counter('jobs_total', { cardinalityLimit: 100_000 });
    // About 6 MB of text: more than the loopback socket takes while the client does not read.
    const series = Array.from({ length: 60_000 }, (_, i) =>
      jobs.withTags({ queue: `q${i % 7}`, job: `job-${i}` }),
    );
    for (const child of series) child.inc();
    const handler = createScrapeHandler({
      collect: () => provider.registry().snapshot(),
      gzip: false,
      minCollectionIntervalMs: 0,
      selfMetrics: false,
    });
    server = await startServer(handler, { port: 0 });
    const url = `${server.url}/metrics`;

    const first = pausedScrape(url);
    await first.headers;
    for (const child of series) child.add(2);
    // A new collection while the first body is still in flight: it must not write over it.
    const second = pausedScrape(url);
    await second.headers;
    const secondText = await second.resume();
    const firstText = await first.resume();
    for (const child of series) child.add(4);
    // Both earlier bodies are done: this one may be written into their memory.
    const third = pausedScrape(url);
    await third.headers;
    const thirdText = await third.resume();

    for (const [text, expected] of [
      [firstText, 1],
      [secondText, 3],
      [thirdText, 7],
    ] as const) {
      const values = valuesOf(text);
      expect(values.size).toBe(60_000);
      expect(new Set(values.values())).toEqual(new Set([expected]));
      expect(values.get('jobs_total{job="job-59999",queue="q2"}')).toBe(expected);
    }
  }, 60_000);
});
