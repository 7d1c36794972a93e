import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import type { Provider } from '../index.js';
import { createProvider } from '../index.js';
import { Instrumented, instrumentMethod } from './instrumented-decorator.js';

/**
 * Vitest's transformer (Vite 8, oxc) does not lower standard decorators, so the decorated classes
 * are compiled here by TypeScript itself, in both decorator modes users have, then run for real.
 */
const FIXTURE = `
class UserService {
  calls = 0;
  constructor(private readonly prefix: string) {}

  @Instrumented(getProvider, { name: 'user_lookup', tags: { store: 'db' } })
  async find(id: string): Promise<string> {
    this.calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (id === 'missing') throw new Error('no user ' + id);
    return this.prefix + id;
  }

  @Instrumented(getProvider, 'name_format')
  format(name: string): string {
    if (name === '') throw new TypeError('empty name');
    return name.toUpperCase();
  }

  @Instrumented(getProvider, 'service_ping')
  static ping(): string {
    return 'pong';
  }
}
`;

function compile(experimentalDecorators: boolean): string {
  const { outputText } = ts.transpileModule(FIXTURE, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, experimentalDecorators },
  });
  return outputText;
}

interface Service {
  calls: number;
  find(id: string): Promise<string>;
  format(name: string): string;
}
type ServiceClass = { new (prefix: string): Service; ping(): string };

function load(js: string, getProvider: () => Provider | undefined): ServiceClass {
  return new Function('Instrumented', 'getProvider', `${js}\nreturn UserService;`)(Instrumented, getProvider);
}

async function exercise(Service: ServiceClass, provider: Provider) {
  const service = new Service('user-');
  expect(await service.find('1')).toBe('user-1');
  await expect(service.find('missing')).rejects.toThrow('no user missing');
  expect(service.calls).toBe(2);
  expect(service.format('ada')).toBe('ADA');
  expect(() => service.format('')).toThrow(TypeError);
  expect(Service.ping()).toBe('pong');
  expect(service.find.name).toBe('find');

  const lookups = provider.counter('user_lookup_total');
  expect(lookups.withTags({ store: 'db', outcome: 'success' }).value()).toBe(1);
  expect(lookups.withTags({ store: 'db', outcome: 'error' }).value()).toBe(1);
  const lookupTime = provider.timer('user_lookup_duration_seconds').withTags({ store: 'db' }).snapshot();
  expect(lookupTime.count).toBe(2);
  expect(lookupTime.sum).toBeGreaterThanOrEqual(0.008);
  const formats = provider.counter('name_format_total');
  expect([
    formats.withTags({ outcome: 'success' }).value(),
    formats.withTags({ outcome: 'error' }).value(),
  ]).toEqual([1, 1]);
  expect(provider.counter('service_ping_total').withTags({ outcome: 'success' }).value()).toBe(1);
}

describe('Instrumented', () => {
  it('works as a TC39 standard decorator (TypeScript 5 default), compiled by tsc', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const js = compile(false);
    expect(js).toContain('__esDecorate');
    await exercise(
      load(js, () => provider),
      provider,
    );
  });

  it('works as a legacy decorator (experimentalDecorators), compiled by tsc', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const js = compile(true);
    expect(js).toContain('__decorate');
    expect(js).not.toContain('__esDecorate');
    await exercise(
      load(js, () => provider),
      provider,
    );
  });

  it('runs methods unmeasured while the provider getter has none, then measures', async () => {
    let provider: Provider | undefined;
    const Service = load(compile(false), () => provider);
    const service = new Service('u');
    expect(service.format('a')).toBe('A');
    provider = await createProvider({ provider: 'memory' });
    expect(service.format('b')).toBe('B');
    expect(provider.counter('name_format_total').withTags({ outcome: 'success' }).value()).toBe(1);
  });

  it('refuses to decorate anything but a method', () => {
    const decorate = Instrumented(() => undefined, 'x') as unknown as (
      value: unknown,
      context: unknown,
    ) => unknown;
    expect(() => decorate(undefined, { kind: 'field', name: 'count' })).toThrow(
      /Invalid target for Instrumented: "count" is a field/,
    );
  });
});

describe('Instrumented types', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meterkit-decorators-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('type-checks decorated methods in both decorator modes', () => {
    const decoratorModule = fileURLToPath(new URL('./instrumented-decorator.js', import.meta.url));
    const file = join(dir, 'fixture.ts');
    writeFileSync(
      file,
      `import { Instrumented } from ${JSON.stringify(decoratorModule)};\n` +
        `import type { Provider } from ${JSON.stringify(fileURLToPath(new URL('../types.js', import.meta.url)))};\n` +
        `declare const getProvider: () => Provider | undefined;\n${FIXTURE}\nexport { UserService };\n`,
    );
    // One source-file cache for both programs: lib and @types/node are parsed once.
    const sourceFiles = new Map<string, ts.SourceFile | undefined>();
    for (const experimentalDecorators of [false, true]) {
      const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [fileURLToPath(new URL('../../../../node_modules/@types', import.meta.url))],
        experimentalDecorators,
      };
      const host = ts.createCompilerHost(options);
      const readSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, languageVersion) => {
        if (!sourceFiles.has(fileName)) sourceFiles.set(fileName, readSourceFile(fileName, languageVersion));
        return sourceFiles.get(fileName);
      };
      const program = ts.createProgram([file], options, host);
      const messages = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(messages).toEqual([]);
    }
  }, 20_000);
});

describe('instrumentMethod', () => {
  it('replaces a prototype method by its measured version', async () => {
    const provider = await createProvider({ provider: 'memory' });
    class Repository {
      constructor(private readonly rows: string[]) {}
      count(): number {
        return this.rows.length;
      }
    }
    instrumentMethod(Repository.prototype, 'count', provider, 'row_count');
    expect(new Repository(['a', 'b']).count()).toBe(2);
    expect(provider.counter('row_count_total').withTags({ outcome: 'success' }).value()).toBe(1);
    expect(Object.getOwnPropertyDescriptor(Repository.prototype, 'count')?.enumerable).toBe(false);
    expect(() => instrumentMethod(Repository.prototype, 'missing' as never, provider, 'x')).toThrow(
      /Invalid key for instrumentMethod: "missing" is not an own method/,
    );
  });
});
