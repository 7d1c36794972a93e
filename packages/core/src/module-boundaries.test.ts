import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Reads core's own sources and checks the layering that the type checker cannot: the framework
 * adapters (`http/`, `instrument/`) sit beside core and use only its public surface, core never
 * imports them (except the one file of deprecated root re-exports), and no two core modules import
 * each other in a circle.
 *
 * "Public surface" is checked by name: an adapter module may import from a core module only names
 * that `index.ts` exports. (Importing them through `index.ts` itself would close a load cycle with
 * the deprecated root re-exports, index -> adapters -> index, and a cycle decides evaluation order:
 * a bundler then reads the adapters' constants before they are assigned.) Adapter tests use the
 * public entries themselves: `index.ts` and `testing/index.ts`.
 */

const SRC = dirname(fileURLToPath(import.meta.url));
const ADAPTERS = ['http', 'instrument'] as const;
/** The only core module allowed to import the adapters: the deprecated root re-exports of 0.1.0 names. */
const DEPRECATED_BRIDGE = 'deprecated-adapter-exports.ts';

interface SourceFile {
  /** Path relative to src/, with `/` separators. */
  readonly path: string;
  /** Relative import specifiers (`./x.js`, `../y.js`), resolved to paths relative to src/. */
  readonly relativeImports: readonly string[];
  /** Each `import { … } from` / `export { … } from` with a relative specifier: target and names. */
  readonly namedImports: readonly {
    readonly target: string;
    readonly names: readonly string[] | undefined;
  }[];
}

function sourceFiles(dir = SRC): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!entry.name.endsWith('.ts')) return [];
    const text = readFileSync(full, 'utf8');
    const resolveTarget = (specifier: string) =>
      toSrcPath(resolve(dirname(full), specifier.replace(/\.js$/, '.ts')));
    const namedImports = [
      ...text.matchAll(/^\s*(?:import|export)\b([^'";]*?)from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gm),
    ].map((match) => {
      const braces = /\{([^}]*)\}/.exec(match[1] ?? '');
      return {
        target: resolveTarget((match[2] ?? match[3]) as string),
        // `{ a, type B, c as d }` -> the exported names a, B, c; anything else (`* as`, default) -> undefined
        names: braces
          ? (braces[1] as string)
              .split(',')
              .map(
                (part) =>
                  part
                    .trim()
                    .replace(/^type\s+/, '')
                    .split(/\s+as\s+/)[0] as string,
              )
              .filter(Boolean)
          : undefined,
      };
    });
    const relativeImports = namedImports.map((named) => named.target);
    return [{ path: toSrcPath(full), relativeImports, namedImports }];
  });
}

function toSrcPath(absolute: string): string {
  return relative(SRC, absolute).split('\\').join('/');
}

const adapterOf = (path: string) => ADAPTERS.find((adapter) => path.startsWith(`${adapter}/`));
const files = sourceFiles();

describe('module boundaries of @meterkit/core', () => {
  it('finds the sources it checks (the scan itself works)', () => {
    const paths = files.map((file) => file.path);
    expect(paths).toContain('http/http-metrics.ts');
    expect(paths).toContain('instrument/track-block.ts');
    expect(files.find((file) => file.path === 'http/http-metrics.ts')?.relativeImports).toContain('types.ts');
  });

  it('core modules never import the http or instrument adapters', () => {
    const offenders = files
      .filter((file) => adapterOf(file.path) === undefined && file.path !== DEPRECATED_BRIDGE)
      .flatMap((file) =>
        file.relativeImports
          .filter((target) => adapterOf(target) !== undefined)
          .map((target) => `${file.path} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the adapters import from core only names its public index exports', () => {
    const publicNames = new Set(
      [
        ...readFileSync(join(SRC, 'index.ts'), 'utf8').matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm),
      ].flatMap((match) =>
        (match[1] as string)
          .split(',')
          .map(
            (part) =>
              part
                .trim()
                .replace(/^type\s+/, '')
                .split(/\s+as\s+/)
                .pop() as string,
          )
          .filter(Boolean),
      ),
    );
    expect(publicNames).toContain('Provider');
    const offenders = files
      .filter((file) => adapterOf(file.path) !== undefined)
      .flatMap((file) => {
        const own = adapterOf(file.path);
        const isTest = file.path.endsWith('.test.ts');
        return file.namedImports.flatMap(({ target, names }) => {
          if (adapterOf(target) === own) return [];
          if (
            isTest &&
            (target === 'index.ts' || target === 'testing/index.ts' || target.startsWith('../test/support/'))
          )
            return [];
          if (isTest || target === 'index.ts' || adapterOf(target) !== undefined || names === undefined)
            return [`${file.path} -> ${target}`];
          return names
            .filter((name) => !publicNames.has(name))
            .map((name) => `${file.path} -> ${target}: ${name}`);
        });
      });
    expect(offenders).toEqual([]);
  });

  it('has no import cycle between core modules (type-only imports count too)', () => {
    // Cycles inside metrics/ belong to the value storage being reworked and are out of this check.
    const graph = new Map(
      files
        .filter((file) => !file.path.endsWith('.test.ts'))
        .map((file) => [file.path, file.relativeImports]),
    );
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (path: string, stack: string[]): void => {
      if (stack.includes(path)) {
        const cycle = [...stack.slice(stack.indexOf(path)), path];
        if (!cycle.every((member) => member.startsWith('metrics/'))) cycles.push(cycle.join(' -> '));
        return;
      }
      if (done.has(path)) return;
      for (const target of graph.get(path) ?? []) visit(target, [...stack, path]);
      done.add(path);
    };
    for (const path of graph.keys()) visit(path, []);
    expect(cycles).toEqual([]);
  });
});
