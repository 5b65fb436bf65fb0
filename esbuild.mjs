// Bundles the extension host entry and the CLI for Node. The webview bundle joins here later.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'info',
  // vscode is provided by the extension host at run time; sharp loads a native binary for the
  // platform, so it stays a real dependency resolved from node_modules.
  external: ['vscode', 'sharp'],
};

const targets = [
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { LOUPE_VERSION: JSON.stringify(pkg.version) },
  },
];

// The package is ESM for its own tooling; the bundles are CommonJS (VS Code loads extensions with
// require), so dist/ declares its own module type.
mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');

if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}
