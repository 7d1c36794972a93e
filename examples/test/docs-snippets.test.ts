// The code blocks of docs/*.md and of the root README.md marked `<!-- runnable: expects "…" -->` are run as they are written
// (ES modules, next to examples/node_modules) and must print the expected line and exit 0, so the
// migration guides cannot drift from the API.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, runExample } from './support/example-process.js';

const DOCS_DIR = join(EXAMPLES_DIR, '..', 'docs');
const MARKER = /<!-- runnable: expects ("(?:[^"\\]|\\.)*") -->\s*\n```js\n([\s\S]*?)\n```/g;

interface Snippet {
  readonly file: string;
  readonly index: number;
  readonly expected: string;
  readonly code: string;
}

const ROOT_README = join(EXAMPLES_DIR, '..', 'README.md');

function snippets(): Snippet[] {
  const found: Snippet[] = [];
  const files = readdirSync(DOCS_DIR)
    .filter((name) => name.endsWith('.md'))
    .map((name) => [name, join(DOCS_DIR, name)] as const);
  for (const [file, path] of [...files, ['README.md', ROOT_README] as const]) {
    const text = readFileSync(path, 'utf8');
    let index = 0;
    for (const match of text.matchAll(MARKER)) {
      found.push({
        file,
        index: index++,
        expected: JSON.parse(match[1] as string),
        code: match[2] as string,
      });
    }
  }
  return found;
}

describe('runnable snippets of docs/ and the root README', () => {
  const all = snippets();

  it('finds the snippets of both migration guides and of the README', () => {
    expect([...new Set(all.map((snippet) => snippet.file))].sort()).toEqual([
      'README.md',
      'migration-from-opentelemetry.md',
      'migration-from-prom-client.md',
    ]);
  });

  it.each(all.map((snippet) => [`${snippet.file} #${snippet.index}`, snippet] as const))(
    '%s runs and prints what it promises',
    async (_name, snippet) => {
      const dir = await mkdtemp(join(tmpdir(), 'meterkit-docs-snippet-'));
      try {
        await symlink(join(EXAMPLES_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
        const script = join(dir, 'snippet.mjs');
        await writeFile(script, snippet.code);
        const run = await runExample(script, { timeoutMs: 30_000 });
        expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
        expect(run.stderr).toBe('');
        expect(run.stdout.split('\n')).toContain(snippet.expected);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
