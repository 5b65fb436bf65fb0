// The Loupe VSIX the e2e suites install: built by scripts/package.mjs for this machine, once per
// test run (a few seconds), and shared by every suite in the run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

const PACKAGE_SCRIPT = join(REPO_ROOT, 'scripts', 'package.mjs');

let built: Promise<string> | undefined;

/** Packs the VSIX on the first call; later calls get the same file. It is removed when the run exits. */
export function packagedLoupeVsix(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-vsix-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const vsix = join(dir, 'loupe.vsix');
    const started = Date.now();
    // process.execPath is Node 24 under `npm run`, which vsce 4 needs.
    await promisify(execFile)(process.execPath, [PACKAGE_SCRIPT, '--out', vsix], { cwd: REPO_ROOT });
    console.log(`    packed the Loupe VSIX in ${Date.now() - started} ms (once for this run)`);
    return vsix;
  })();
  return built;
}
