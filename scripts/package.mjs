// `npm run package [-- --target T] [-- --out FILE]`: builds the extension and packs it with vsce into a
// per-platform VSIX: the esbuild bundles, the manifest, and sharp with the target's native binary.
// Everything happens in a temp staging folder, so the repo's node_modules is never changed.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { stageSharp } from './package/sharpRuntime.mjs';
import { hostTarget, TARGETS } from './package/targets.mjs';

const REPO = path.resolve(import.meta.dirname, '..');
const VSCE = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
/** @vscode/vsce 4 needs Node 22 or newer; `npm run` puts Node 24 (the `node` devDependency) first on PATH. */
const MIN_NODE_MAJOR = 22;
/** Copied as they are (media/ holds the activity-bar icon); .vscodeignore then picks what of them goes into the VSIX. */
const STAGED_FILES = ['README.md', 'LICENSE', '.vscodeignore', 'media'];
const MEGABYTE = 1024 * 1024;

/**
 * The manifest as the installed extension sees it: no build scripts or dev tools, no CLI `bin`
 * (dist/cli.js is not shipped), and sharp as its one dependency (everything else is bundled into dist/).
 */
function extensionManifest(sharpVersion) {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  delete manifest.scripts;
  delete manifest.devDependencies;
  delete manifest.bin;
  manifest.dependencies = { sharp: sharpVersion };
  return manifest;
}

export function defaultVsixPath(target) {
  const { name, version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return path.join(REPO, `${name}-${version}-${target}.vsix`);
}

/** Builds and packs the VSIX; returns its path and size in bytes. */
export async function packageExtension({ target = hostTarget(), out = defaultVsixPath(target), log = console.log } = {}) {
  if (!TARGETS.includes(target)) throw new Error(`Unknown target "${target}". Targets: ${TARGETS.join(', ')}.`);
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < MIN_NODE_MAJOR) throw new Error(`vsce needs Node ${MIN_NODE_MAJOR} or newer, this is ${process.version}: run it as npm run package.`);

  execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  const stageDir = await mkdtemp(path.join(tmpdir(), 'loupe-package-'));
  try {
    await cp(path.join(REPO, 'dist'), path.join(stageDir, 'dist'), { recursive: true });
    for (const file of STAGED_FILES) await cp(path.join(REPO, file), path.join(stageDir, file), { recursive: true });
    const staged = await stageSharp({ repoRoot: REPO, stageDir, target, log });
    writeFileSync(path.join(stageDir, 'package.json'), JSON.stringify(extensionManifest(staged.get('sharp')), null, 2) + '\n');
    log(`packing for ${target} with sharp's runtime: ${[...staged].map(([name, version]) => `${name}@${version}`).join(', ')}`);
    // vsce finds the staged node_modules with `npm list --production`. The project has no public
    // repository yet, so there is no URL to put in the manifest; vsce would otherwise stop to ask.
    // stdin is closed so any other question fails the build instead of waiting for an answer.
    execFileSync(process.execPath, [VSCE, 'package', '--target', target, '--out', path.resolve(out), '--allow-missing-repository'], {
      cwd: stageDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } finally {
    await rm(stageDir, { recursive: true, force: true });
  }
  return { vsix: path.resolve(out), bytes: statSync(out).size };
}

async function main() {
  const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' } } });
  const started = Date.now();
  const { vsix, bytes } = await packageExtension({ target: values.target, out: values.out });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`VSIX: ${vsix}\nSize: ${bytes} bytes (${(bytes / MEGABYTE).toFixed(1)} MB), built in ${seconds} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`npm run package failed: ${error.message}`);
    process.exit(1);
  });
}
