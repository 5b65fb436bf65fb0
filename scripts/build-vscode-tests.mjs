// Bundles the extension-host suite (test/vscode/) into out/vscode-tests/: the runner as index.cjs
// and each *.test.ts as its own *.test.cjs, which the runner hands to mocha one by one. CommonJS
// with a .cjs name because the extension host loads .js files of this "type": "module" package as
// ESM, and only require() gets VS Code's `vscode` module.
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const VSCODE_TESTS_SOURCE = 'test/vscode';
export const VSCODE_TESTS_OUT = 'out/vscode-tests';

export async function buildVsCodeTests() {
  const tests = readdirSync(VSCODE_TESTS_SOURCE).filter((name) => name.endsWith('.test.ts'));
  rmSync(VSCODE_TESTS_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [
      { in: join(VSCODE_TESTS_SOURCE, 'runner', 'index.ts'), out: 'index' },
      ...tests.map((name) => ({ in: join(VSCODE_TESTS_SOURCE, name), out: name.replace(/\.ts$/, '') })),
    ],
    outdir: VSCODE_TESTS_OUT,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    // Mocha's parallel mode resolves its worker files at run time; the runner never uses it.
    logOverride: { 'require-resolve-not-external': 'silent' },
    // vscode is the extension host's. Mocha is bundled into the runner only: the tests use the
    // describe/it globals it sets, so there is one instance. sharp loads a native binary.
    external: ['vscode', 'sharp'],
    // As esbuild.mjs: jsonc-parser's UMD main cannot be bundled, its ES module build can.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildVsCodeTests();
