// The CLI as users run it: dist/cli.js, built from the sources once per suite that starts it as a process.
import { join, resolve } from 'node:path';
import { execa } from 'execa';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export const CLI = join(PROJECT_ROOT, 'dist/cli.js');

/** Builds dist/cli.js (esbuild, a second or two), so a suite never runs a stale build. */
export async function buildCli(): Promise<void> {
  await execa(process.execPath, [join(PROJECT_ROOT, 'esbuild.mjs')], { cwd: PROJECT_ROOT });
}
