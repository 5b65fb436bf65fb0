// The Loupe VSIX the e2e suites install: built by scripts/package.mjs for this machine, once per
// test run (a few seconds), and shared by every suite in the run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

const PACKAGE_SCRIPT = join(REPO_ROOT, 'scripts', 'package.mjs');

/**
 * The pack in progress or done, kept on globalThis: mocha can load this module more than once in one
 * run (seen: the suites packed twice), and a module-level variable would not be shared then.
 */
const BUILT = Symbol.for('loupe.e2e.packedVsix');
const shared = globalThis as { [BUILT]?: Promise<string> };

/** Packs the VSIX on the first call; later calls get the same file. It is removed when the run exits. */
export function packagedLoupeVsix(): Promise<string> {
  shared[BUILT] ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-vsix-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const vsix = join(dir, 'loupe.vsix');
    const started = Date.now();
    // process.execPath is Node 24 under `npm run`, which vsce 4 needs.
    await promisify(execFile)(process.execPath, [PACKAGE_SCRIPT, '--out', vsix], { cwd: REPO_ROOT });
    console.log(`    packed the Loupe VSIX in ${Date.now() - started} ms (once for this run)`);
    return vsix;
  })();
  return shared[BUILT];
}
