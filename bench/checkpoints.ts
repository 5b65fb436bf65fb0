// What a checkpoint costs before a step: Loupe's shadow-git snapshot of a generated project, first
// and then unchanged and after a one-file edit, against two baselines measured in the same run:
// a plain `git add -A && git commit` in an ordinary repository (the least any git-based snapshot
// can do) and copying the tree (the naive snapshot).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from '../src/agent/checkpoints';
import { median } from './stats';

/** A mid-sized project: 2,000 source files of about 2 KB in 100 folders. */
const FILES = Number(process.env.LOUPE_BENCH_CHECKPOINT_FILES ?? 2000);
const FILE_BYTES = 2048;
const REPEATS = Number(process.env.LOUPE_BENCH_ROUNDS ?? 7);

function generateProject(root: string): void {
  for (let index = 0; index < FILES; index++) {
    const folder = join(root, 'src', `module${index % 100}`);
    mkdirSync(folder, { recursive: true });
    const line = `export const value${index} = ${index}; // ${'x'.repeat(40)}\n`;
    writeFileSync(join(folder, `file${index}.ts`), line.repeat(Math.ceil(FILE_BYTES / line.length)));
  }
}

function touch(root: string, round: number): void {
  writeFileSync(join(root, 'src', 'module0', 'file0.ts'), `export const edited = ${round};\n`);
}

async function time(run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

interface Timings {
  first: number;
  unchanged: number;
  oneFileEdited: number;
}

async function loupeSnapshots(root: string, storage: string): Promise<Timings> {
  const store = await CheckpointStore.open(root, storage);
  const first = await time(() => store.snapshot('first'));
  const unchanged: number[] = [];
  const edited: number[] = [];
  for (let round = 0; round < REPEATS; round++) {
    unchanged.push(await time(() => store.snapshot('unchanged')));
    touch(root, round);
    edited.push(await time(() => store.snapshot('edited')));
  }
  return { first, unchanged: median(unchanged), oneFileEdited: median(edited) };
}

function plainGitSnapshots(root: string): Timings {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '--quiet');
  const commit = () => {
    git('add', '-A');
    git('commit', '--quiet', '--allow-empty', '--no-verify', '-m', 'snapshot');
  };
  const started = performance.now();
  commit();
  const first = performance.now() - started;
  const unchanged: number[] = [];
  const edited: number[] = [];
  for (let round = 0; round < REPEATS; round++) {
    let t = performance.now();
    commit();
    unchanged.push(performance.now() - t);
    touch(root, round);
    t = performance.now();
    commit();
    edited.push(performance.now() - t);
  }
  return { first, unchanged: median(unchanged), oneFileEdited: median(edited) };
}

function copySnapshots(root: string, into: string): number {
  const copies: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    cpSync(join(root, 'src'), join(into, `copy${round}`), { recursive: true });
    copies.push(performance.now() - started);
  }
  return median(copies);
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'loupe-bench-checkpoints-'));
  try {
    const ours = join(work, 'ours');
    const plain = join(work, 'plain');
    generateProject(ours);
    generateProject(plain);
    const loupe = await loupeSnapshots(ours, join(work, 'storage'));
    const git = plainGitSnapshots(plain);
    const copy = copySnapshots(plain, join(work, 'copies'));
    const row = (name: string, ms: number, base: number) => `  ${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms   plain git ${base.toFixed(0).padStart(6)} ms   ratio ${(ms / base).toFixed(2)}x`;
    console.log(`checkpoints: ${FILES} files of ${FILE_BYTES} bytes, medians of ${REPEATS}`);
    console.log(row('first snapshot', loupe.first, git.first));
    console.log(row('unchanged tree', loupe.unchanged, git.unchanged));
    console.log(row('one file edited', loupe.oneFileEdited, git.oneFileEdited));
    console.log(`  copying the tree instead: ${copy.toFixed(0)} ms per copy (Loupe's edited-tree snapshot is ${(copy / loupe.oneFileEdited).toFixed(1)}x faster)`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
