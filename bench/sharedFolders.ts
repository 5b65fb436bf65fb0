// What sharing a heavy dependency folder costs each best-of-N attempt, per way of sharing it, on this
// machine's file system: the link Loupe makes (attemptCopies.ts; the sandbox shows its target
// read-only), a hard-link copy (`cp -al`), a reflink copy (`cp --reflink=always`, where the file
// system has them) and a plain copy (`cp -a`), the baseline any tool without sharing pays. The folder is
// this repository's own node_modules (npm ci), a real tree of a real size. Disk is what the attempt adds:
// `du` counts a hard-linked file once, so the user's folder is measured together with the attempt's.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const source = resolve('node_modules');
if (!existsSync(source)) throw new Error('bench/sharedFolders.ts measures ./node_modules: run npm ci first.');
// Loupe's storage is under the user's home (the CLI's ~/.cache, VS Code's global storage), as here.
const storage = await mkdtemp(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'loupe-bench-shared-'));
const kilobytes = (...paths: string[]) => Number(execFileSync('du', ['-sk', '--total', ...paths], { encoding: 'utf8' }).trim().split('\n').at(-1)!.split('\t')[0]);
const entries = Number(execFileSync('bash', ['-c', `find ${JSON.stringify(source)} | wc -l`], { encoding: 'utf8' }).trim());
const sourceKb = kilobytes(source);
const fileSystem = execFileSync('df', ['--output=fstype', storage], { encoding: 'utf8' }).trim().split('\n').at(-1);

interface Way {
  name: string;
  share(target: string): Promise<boolean>;
}

const ways: Way[] = [
  { name: 'link (what Loupe does)', share: async (target) => (await symlink(source, target), true) },
  { name: 'hard-link copy (cp -al)', share: async (target) => spawnSync('cp', ['-al', source, target]).status === 0 },
  { name: 'reflink copy (cp --reflink=always)', share: async (target) => spawnSync('cp', ['-a', '--reflink=always', source, target]).status === 0 },
  { name: 'plain copy (cp -a), the baseline', share: async (target) => spawnSync('cp', ['-a', source, target]).status === 0 },
];

try {
  console.log(`sharing ${source} (${(sourceKb / 1024).toFixed(0)} MB, ${entries} entries) with one attempt, on ${fileSystem}:`);
  const results: Array<{ name: string; ms: number; addedKb: number } | { name: string; failed: true }> = [];
  for (const way of ways) {
    const target = join(storage, way.name.replace(/\W+/g, '-'));
    const started = performance.now();
    const done = await way.share(target);
    const ms = performance.now() - started;
    if (!done) results.push({ name: way.name, failed: true });
    else results.push({ name: way.name, ms, addedKb: kilobytes(source, target) - sourceKb });
    await rm(target, { recursive: true, force: true });
  }
  const baseline = results.find((result) => 'ms' in result && result.name.includes('baseline')) as { ms: number; addedKb: number } | undefined;
  for (const result of results) {
    if ('failed' in result) {
      console.log(`  ${result.name}: not supported on ${fileSystem}`);
      continue;
    }
    const vsBaseline = baseline ? `, ${(baseline.ms / Math.max(result.ms, 0.01)).toFixed(0)}x faster than a plain copy` : '';
    console.log(`  ${result.name}: ${result.ms.toFixed(1)} ms, ${(result.addedKb / 1024).toFixed(1)} MB more on disk${result.name.includes('baseline') ? '' : vsBaseline}`);
  }
} finally {
  await rm(storage, { recursive: true, force: true });
}
