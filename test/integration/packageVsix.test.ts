// `npm run package` (scripts/package.mjs) run for real: what the VSIX holds for the host's target
// and for another platform, and that the sharp it carries loads and resizes an image.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { resizeWithExtensionSharp } from '../support/extensionSharp';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const PACKAGE_SCRIPT = join(PROJECT_ROOT, 'scripts', 'package.mjs');
/** Bundling and packing take a few seconds; a platform's packages fetched from the registry the first time take longer. */
const PACKAGE_TIMEOUT_MS = 120_000;

/** The bundles the extension loads, and nothing else from dist/ (no CLI, no source maps). */
const SHIPPED_DIST = ['extension/dist/codicons/codicon.css', 'extension/dist/codicons/codicon.ttf', 'extension/dist/extension.js', 'extension/dist/loupeHost.js', 'extension/dist/package.json', 'extension/dist/webview.css', 'extension/dist/webview.js'];

/** The packages under extension/node_modules, from the VSIX's entry names. */
function packagesIn(entries: string[]): string[] {
  const names = new Set<string>();
  for (const entry of entries) {
    const match = /^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(entry);
    if (match?.[1]) names.add(match[1]);
  }
  return [...names].sort();
}

async function packageFor(target: string, dir: string): Promise<{ vsix: string; stdout: string; entries: string[] }> {
  const vsix = join(dir, `loupe-${target}.vsix`);
  const { stdout } = await execa(process.execPath, [PACKAGE_SCRIPT, '--target', target, '--out', vsix], { cwd: PROJECT_ROOT, stdin: 'ignore' });
  const listing = await execa('unzip', ['-Z1', vsix]);
  return { vsix, stdout, entries: listing.stdout.split('\n').filter(Boolean) };
}

describe('npm run package', function () {
  this.timeout(PACKAGE_TIMEOUT_MS);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loupe-package-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('for linux-x64', function () {
    let result: Awaited<ReturnType<typeof packageFor>>;
    before(async () => {
      result = await packageFor('linux-x64', dir);
    });

    it('ships the bundles, the manifest, the readme and the licence, and no sources, tests, maps or CLI', function () {
      const { entries } = result;
      assert.deepEqual(entries.filter((entry) => entry.startsWith('extension/dist/')).sort(), SHIPPED_DIST);
      // The activity-bar icon the manifest names.
      assert.deepEqual(entries.filter((entry) => entry.startsWith('extension/media/')), ['extension/media/loupe.svg']);
      for (const file of ['extension/package.json', 'extension/readme.md', 'extension/LICENSE.txt', 'extension.vsixmanifest']) assert.ok(entries.includes(file), `${file} is missing`);
      const outsideNodeModules = entries.filter((entry) => !entry.startsWith('extension/node_modules/'));
      assert.deepEqual(outsideNodeModules.filter((entry) => /^extension\/(src|test|scripts|bench|docs)\/|\.map$|\.ts$/.test(entry)), []);
    });

    it('ships sharp with only its runtime dependencies and the linux-x64 native packages, nothing else from node_modules', function () {
      assert.deepEqual(packagesIn(result.entries), ['@img/colour', '@img/sharp-libvips-linux-x64', '@img/sharp-linux-x64', 'detect-libc', 'semver', 'sharp']);
      assert.ok(result.entries.some((entry) => /^extension\/node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64-[\d.]+\.node$/.test(entry)));
    });

    it('writes a manifest without build scripts, dev tools or the CLI bin, with sharp its only dependency', async function () {
      const unpacked = join(dir, 'manifest');
      await execa('unzip', ['-q', result.vsix, 'extension/package.json', '-d', unpacked]);
      const manifest = JSON.parse(await readFile(join(unpacked, 'extension', 'package.json'), 'utf8')) as Record<string, unknown>;
      const source = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(manifest.main, './dist/extension.js');
      assert.deepEqual(manifest.contributes, source.contributes);
      assert.deepEqual(Object.keys(manifest.dependencies as object), ['sharp']);
      for (const field of ['scripts', 'devDependencies', 'bin']) assert.equal(field in manifest, false, `${field} should not be shipped`);
    });

    it('prints the VSIX path and its size', function () {
      assert.match(result.stdout, new RegExp(`VSIX: ${result.vsix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\nSize: \\d+ bytes \\(\\d+\\.\\d MB\\)`));
    });

    it('carries a sharp that loads from the unpacked extension and resizes an image', async function () {
      if (process.platform !== 'linux' || process.arch !== 'x64') this.skip();
      const unpacked = join(dir, 'linux-x64');
      await execa('unzip', ['-q', result.vsix, 'extension/*', '-d', unpacked]);
      const extensionDir = join(unpacked, 'extension');
      const resized = await resizeWithExtensionSharp(extensionDir, process.execPath);
      assert.deepEqual({ width: resized.width, height: resized.height, format: resized.format }, { width: 16, height: 12, format: 'png' });
      assert.ok(resized.sharpFile.startsWith(join(extensionDir, 'node_modules', 'sharp')), `sharp came from ${resized.sharpFile}`);
    });
  });

  it('for darwin-arm64, fetches and ships that platform\'s native packages instead of the host\'s', async function () {
    const { entries } = await packageFor('darwin-arm64', dir);
    assert.deepEqual(packagesIn(entries), ['@img/colour', '@img/sharp-darwin-arm64', '@img/sharp-libvips-darwin-arm64', 'detect-libc', 'semver', 'sharp']);
    assert.ok(entries.some((entry) => entry.endsWith('.dylib')));
  });
});
