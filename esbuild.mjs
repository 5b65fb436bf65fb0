// Bundles the CLI and the extension for Node, and the panel's webview script for the browser.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

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
  // jsonc-parser's `main` is a UMD build that require()s its parts by computed names, which a bundle
  // cannot follow; its ES module build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

// extension.ts imports the controller dynamically; keeping it a separate file (dist/loupeHost.js)
// means activation loads only the small entry, and the SDK and agent core load on the first command.
const CONTROLLER_IMPORT = './host/loupeController';
const lazyController = {
  name: 'lazy-controller',
  setup(build) {
    build.onResolve({ filter: /^\.\/host\/loupeController$/ }, () => ({ path: './loupeHost.js', external: true }));
  },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [lazyController],
    // As require(): VS Code provides the vscode module to required code; an ESM import() of the
    // controller would bypass that.
    supported: { 'dynamic-import': false },
  },
  {
    ...common,
    entryPoints: [`src/${CONTROLLER_IMPORT.slice(2)}.ts`],
    outfile: 'dist/loupeHost.js',
  },
  {
    // The panel's page: one script and one style sheet, loaded under a strict CSP.
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: true,
    logLevel: 'info',
    entryPoints: [
      { in: 'src/webview/main.ts', out: 'webview' },
      { in: 'src/webview/panel.css', out: 'webview' },
    ],
    outdir: 'dist',
  },
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

// The codicon font and its sheet, loaded by the panel page under its CSP (font-src, style-src: the
// webview's own resources). Copied as shipped: the sheet names the font by a relative URL.
mkdirSync('dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);

if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}
