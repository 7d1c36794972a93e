import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/** Runs outside the workspace's environment: pnpm's NODE_PATH would leak the workspace's packages in. */
export function runOutsideWorkspace(command: string, args: string[], cwd: string): string {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return execFileSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 240_000,
  });
}

/** A fresh application outside the workspace with packed tarballs installed by npm. */
export interface PackedApp {
  /** The application's folder: write scripts here and run them with {@link runOutsideWorkspace}. */
  readonly dir: string;
  /** Deletes the application and its tarballs. */
  remove(): void;
}

/**
 * Packs `packages` (folder names under packages/) with `pnpm pack`, as they would be published, and
 * installs the tarballs with npm, plus `registryPackages` (e.g. a peer dependency), into a new app.
 */
export function installPackedApp(
  packages: readonly string[],
  registryPackages: readonly string[] = [],
): PackedApp {
  const workDir = mkdtempSync(join(tmpdir(), 'meterkit-packed-'));
  const tarballs = join(workDir, 'tarballs');
  mkdirSync(tarballs);
  for (const name of packages)
    runOutsideWorkspace('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  if (files.length !== packages.length)
    throw new Error(`expected ${packages.length} tarballs, pnpm pack wrote ${files.join(', ')}`);
  const dir = join(workDir, 'app');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }),
  );
  runOutsideWorkspace(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...registryPackages, ...files],
    dir,
  );
  return { dir, remove: () => rmSync(workDir, { recursive: true, force: true }) };
}
