// Stages sharp and what it loads at run time into a packaging folder's node_modules: sharp's own
// dependencies from the repo's install, and the target platform's native packages from the install
// when they are there (the host's), else from the npm registry. The repo's node_modules is only read.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sharpPlatformFor } from './targets.mjs';

function readManifest(dir) {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/** Where Node would find package `name` when required from `fromDir`: the nearest node_modules up the tree. */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Copies an installed package without its nested node_modules (those are staged as dependencies in their own right). */
async function copyPackage(sourceDir, destDir) {
  await cp(sourceDir, destDir, { recursive: true, filter: (source) => !path.relative(sourceDir, source).split(path.sep).includes('node_modules') });
}

/** Downloads `name@version` with `npm pack` (npm's own cache makes a second run offline) and unpacks it into destDir. */
async function fetchPackage(name, version, destDir) {
  const downloads = await mkdtemp(path.join(tmpdir(), 'loupe-npm-pack-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--loglevel=error', `${name}@${version}`, '--pack-destination', downloads], { cwd: downloads, encoding: 'utf8' }));
    await mkdir(destDir, { recursive: true });
    // npm tarballs keep everything under package/.
    execFileSync('tar', ['-xzf', path.join(downloads, packed.filename), '-C', destDir, '--strip-components=1']);
  } finally {
    await rm(downloads, { recursive: true, force: true });
  }
}

/**
 * The target's native packages, named by sharp's optionalDependencies: `@img/sharp-<platform>` and,
 * where libvips ships separately (not on Windows), `@img/sharp-libvips-<platform>`, at the exact
 * versions sharp pins.
 */
function nativePackagesFor(sharpManifest, target) {
  const platform = sharpPlatformFor(target);
  const optional = sharpManifest.optionalDependencies ?? {};
  const names = [`@img/sharp-${platform}`, `@img/sharp-libvips-${platform}`].filter((name) => name in optional);
  if (!names.includes(`@img/sharp-${platform}`)) throw new Error(`sharp ${sharpManifest.version} has no prebuilt binary for ${platform} (target ${target}).`);
  return names.map((name) => ({ name, version: optional[name] }));
}

/**
 * Stages sharp for `target` into `<stageDir>/node_modules`, each installed package at the same path
 * as in the repo (so Node resolves them the same way). Returns the staged packages, name → version.
 */
export async function stageSharp({ repoRoot, stageDir, target, log }) {
  const staged = new Map();
  const sharpDir = resolvePackageDir('sharp', repoRoot);
  if (!sharpDir) throw new Error(`sharp is not installed in ${repoRoot}: run npm install first.`);
  const sharpManifest = readManifest(sharpDir);

  // sharp's JavaScript dependencies (and theirs) are the same on every platform: copy them from the install.
  const pending = [sharpDir];
  const copied = new Set();
  while (pending.length > 0) {
    const dir = pending.pop();
    // By folder, not name: two versions of one package can sit at different depths.
    if (copied.has(dir)) continue;
    copied.add(dir);
    const manifest = readManifest(dir);
    await copyPackage(dir, path.join(stageDir, path.relative(repoRoot, dir)));
    staged.set(manifest.name, manifest.version);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const found = resolvePackageDir(dependency, dir);
      if (!found) throw new Error(`${manifest.name} needs ${dependency}, which is not installed: run npm install.`);
      pending.push(found);
    }
  }

  for (const { name, version } of nativePackagesFor(sharpManifest, target)) {
    const destDir = path.join(stageDir, 'node_modules', name);
    const installed = resolvePackageDir(name, sharpDir);
    if (installed && readManifest(installed).version === version) {
      await copyPackage(installed, destDir);
    } else {
      log(`fetching ${name}@${version} from the npm registry (not installed here)`);
      await fetchPackage(name, version, destDir);
    }
    const manifest = readManifest(destDir);
    const unstaged = Object.keys(manifest.dependencies ?? {}).filter((dependency) => !staged.has(dependency));
    if (unstaged.length > 0) throw new Error(`${name} depends on ${unstaged.join(', ')}, which the packaging script does not stage.`);
    staged.set(name, version);
  }
  return staged;
}
