// A trial's folder: the fixture copied fresh and made a git repository (as a user's project would
// be), and overlays (a solution, a wrong fix) laid over it; then the hidden checks, run from outside.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EvalTask } from './taskFormat';

const run = promisify(execFile);
const DELETED_LIST = '.eval-deleted';

export async function freshCopy(task: EvalTask, parent = tmpdir()): Promise<string> {
  const folder = await mkdtemp(join(parent, `loupe-eval-${task.id}-`));
  await cp(task.fixture, folder, { recursive: true });
  const git = (...args: string[]) => run('git', args, { cwd: folder });
  await git('init', '-q');
  await git('add', '-A');
  await git('-c', 'user.email=eval@loupe.invalid', '-c', 'user.name=Loupe eval', 'commit', '-qm', 'fixture');
  return folder;
}

/** Lays `overlay` (solution/ or wrong/) over the folder: its files replace or add, its .eval-deleted list removes. */
export async function applyOverlay(overlay: string, folder: string): Promise<void> {
  await cp(overlay, folder, { recursive: true, filter: (source) => !source.endsWith(`/${DELETED_LIST}`) });
  const deleted = await readFile(join(overlay, DELETED_LIST), 'utf8').catch(() => '');
  for (const path of deleted.split('\n').map((line) => line.trim()).filter(Boolean)) await rm(join(folder, path), { recursive: true, force: true });
}

export interface CheckResult {
  passed: boolean;
  exitCode: number | null;
  output: string;
  seconds: number;
}

/** Output kept per check run, for the report: the end, where the verdict is. */
const MAX_CHECK_OUTPUT = 4_000;

export async function runChecks(task: EvalTask, folder: string): Promise<CheckResult> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await run('bash', [join(task.checks, 'check.sh')], { cwd: folder, env: { ...process.env, EVAL_CHECKS_DIR: task.checks }, timeout: task.checkTimeoutSeconds * 1000, maxBuffer: 32 * 1024 * 1024 });
    return { passed: true, exitCode: 0, output: tail(stdout + stderr), seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    const output = tail(`${failed.stdout ?? ''}${failed.stderr ?? ''}${failed.killed ? `\n[checks stopped at the ${task.checkTimeoutSeconds} s limit]` : ''}`);
    return { passed: false, exitCode: typeof failed.code === 'number' ? failed.code : null, output, seconds: (Date.now() - started) / 1000 };
  }
}

function tail(text: string): string {
  return text.length > MAX_CHECK_OUTPUT ? `…${text.slice(-MAX_CHECK_OUTPUT)}` : text;
}
