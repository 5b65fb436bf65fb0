// Carries out an undo plan in a bubblewrap sandbox of its own (undoSource.ts says why), with the task
// sandbox's mounts plus the quarantine folder writable.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { bubblewrapArgs, type BubblewrapLayout } from './bubblewrapArgs';
import type { UndoPlan, UndoResult } from './protectedSnapshot';

const UNDO_TIMEOUT_MS = 30_000;

/** `layout` is the task sandbox's; its command is replaced by the undo program. */
export async function undoInSandbox(layout: BubblewrapLayout, undoProgram: string, quarantine: string, plan: UndoPlan): Promise<UndoResult> {
  await mkdir(quarantine, { recursive: true });
  const args = bubblewrapArgs({
    ...layout,
    writable: [...layout.writable, quarantine],
    // Not the workspace: a command may have made it unreadable (chmod 600 .), which the undo repairs.
    chdir: '/',
    command: [layout.command[0] ?? process.execPath, undoProgram],
    env: { PATH: layout.env.PATH ?? '/usr/bin:/bin' },
  });
  const input = JSON.stringify({
    quarantine,
    repair: plan.repair ?? [],
    aside: plan.aside,
    restore: plan.restore.map(({ path, entry }) => ({ path, entry: entry.kind === 'file' ? { kind: 'file', mode: entry.mode, data: entry.data.toString('base64') } : entry })),
  });
  return new Promise((resolve, reject) => {
    const child = spawn('bwrap', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), UNDO_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      try {
        const result = JSON.parse(stdout) as UndoResult;
        if (Array.isArray(result.undone) && Array.isArray(result.failed)) return resolve(result);
      } catch {
        // Reported below.
      }
      reject(new Error(`the undo sandbox ended (${signal ?? `code ${code}`}) without an answer${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
