// A one-line str_replace in a file at the editor's size limit (MAX_EDITOR_FILE_BYTES), through the
// real editor tool and FileSystemWorkspace, against two baselines measured in the same run on the same
// file: a plain read-replace-write (fs.readFile, String.replace, fs.writeFile) and the same written
// safely (temp file, fsync, rename: what the workspace does so a crash never leaves half a file). Peak
// memory is each side's own process's maxRSS (process.resourceUsage), one edit per process.
import { execFileSync } from 'node:child_process';
import { open, readFile, rename, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorTool } from '../src/agent/tools/editor';
import { MAX_EDITOR_FILE_BYTES } from '../src/agent/workspace/fileSystemWorkspace';
import { ScriptedApprover } from '../test/support/approvers';
import { createToolContext } from '../test/support/toolContext';
import { median } from './stats';

const ROUNDS = Number(process.env.LOUPE_BENCH_ROUNDS ?? 7);
const LINE = 'const value = "a typical line of source code, sixty-odd chars";\n';

type Side = 'editor' | 'plain' | 'safe';

/** One edit of `path` by `side`, in this process: its time in ms. */
async function editOnce(side: Side, folder: string, round: number): Promise<number> {
  const path = join(folder, 'big.js');
  const [from, to] = [`const target = ${round};`, `const target = ${round + 1};`];
  const started = performance.now();
  if (side === 'editor') {
    const context = await createToolContext(folder, new ScriptedApprover(), { approveAll: true });
    const result = await new EditorTool().run({ command: 'str_replace', path: 'big.js', old_str: from, new_str: to }, context);
    if (result.isError) throw new Error(String(result.content));
  } else {
    const text = (await readFile(path, 'utf8')).replace(from, to);
    if (side === 'plain') await writeFile(path, text);
    else {
      const temp = `${path}.tmp`;
      const handle = await open(temp, 'w');
      await handle.writeFile(text);
      await handle.sync();
      await handle.close();
      await rename(temp, path);
    }
  }
  return performance.now() - started;
}

// Child mode: one edit, then its time and this process's peak memory on stdout.
if (process.argv[2] === '--one') {
  const [side, folder, round] = [process.argv[3] as Side, process.argv[4] as string, Number(process.argv[5])];
  const ms = await editOnce(side, folder, round);
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const folder = await mkdtemp(join(tmpdir(), 'loupe-bench-large-'));
try {
  const lines = Math.floor((MAX_EDITOR_FILE_BYTES - 64) / LINE.length);
  await writeFile(join(folder, 'big.js'), `${LINE.repeat(lines)}const target = 0;\n`);
  const times: Record<Side, number[]> = { editor: [], plain: [], safe: [] };
  const peaks: Record<Side, number[]> = { editor: [], plain: [], safe: [] };
  let round = 0;
  for (let index = 0; index < ROUNDS; index++) {
    // Sides alternate round by round, so a busy moment of the machine falls on all of them alike.
    for (const side of ['editor', 'plain', 'safe'] as const) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--one', side, folder, String(round++)], { encoding: 'utf8' });
      const { ms, maxRssMb } = JSON.parse(out) as { ms: number; maxRssMb: number };
      times[side].push(ms);
      peaks[side].push(maxRssMb);
    }
  }
  const mb = (MAX_EDITOR_FILE_BYTES / 1024 / 1024).toFixed(0);
  console.log(`\nOne-line str_replace in a ${mb} MB file (the editor's limit), ${ROUNDS} rounds, median:`);
  for (const side of ['editor', 'plain', 'safe'] as const) console.log(`  ${side.padEnd(7)} ${median(times[side]).toFixed(0).padStart(5)} ms   peak ${Math.max(...peaks[side]).toFixed(0)} MB`);
  console.log(`  editor / plain read-replace-write: ${(median(times.editor) / median(times.plain)).toFixed(2)}x`);
  console.log(`  editor / safe read-replace-write (fsync, rename): ${(median(times.editor) / median(times.safe)).toFixed(2)}x`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
