// Stops a process and everything it started, including children that left its process group
// (setsid, daemons), so a cancelled or timed-out command leaves nothing running behind.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * How long processes get to exit after SIGTERM before SIGKILL. Long enough for a test runner or
 * dev server to flush and close; short enough that Stop feels immediate to the user.
 */
export const KILL_GRACE_PERIOD_MS = 700;

/** How often to look whether the signalled processes are gone. */
const EXIT_POLL_INTERVAL_MS = 25;

/** After SIGKILL, the kernel needs a moment to tear processes down; we wait at most this long. */
const SIGKILL_SETTLE_MS = 500;

const execFileAsync = promisify(execFile);

export interface KillOptions {
  /** More processes to stop with the tree (e.g. found by an environment marker), with their descendants. */
  alsoKill?: number[];
}

/**
 * Stops `rootPid`, its process group, and every descendant: sends `signal` (SIGTERM by default)
 * to all of them, waits up to KILL_GRACE_PERIOD_MS, then SIGKILLs whatever is left. Never throws
 * for processes that are already gone.
 */
export async function killProcessTree(rootPid: number, signal: NodeJS.Signals = 'SIGTERM', options: KillOptions = {}): Promise<void> {
  // The tree must be read before anything dies: once a parent exits, its children are re-parented
  // to init and the ppid links that lead to them are lost.
  const table = await readProcessTable();
  const targets = collectTargets(table, rootPid, options.alsoKill ?? []);
  const hasGroup = groupExists(table, rootPid);

  if (hasGroup) signalGroup(rootPid, signal);
  for (const pid of targets) signalProcess(pid, signal);
  if (signal === 'SIGKILL') {
    await waitUntilGone(targets, SIGKILL_SETTLE_MS);
    return;
  }
  if (await waitUntilGone(targets, KILL_GRACE_PERIOD_MS)) return;

  // Survivors may have started new children meanwhile; take those along.
  const laterTable = await readProcessTable();
  const survivors = [...targets].filter((pid) => isRunningIn(laterTable, pid));
  for (const pid of collectTargets(laterTable, rootPid, survivors)) targets.add(pid);
  if (hasGroup || groupExists(laterTable, rootPid)) signalGroup(rootPid, 'SIGKILL');
  for (const pid of targets) signalProcess(pid, 'SIGKILL');
  await waitUntilGone(targets, SIGKILL_SETTLE_MS);
}

/** Pids of every living descendant of `pid` (children, their children, ...), whatever their process group. */
export async function listDescendants(pid: number): Promise<number[]> {
  return descendantsIn(await readProcessTable(), pid);
}

/**
 * Pids of our own processes whose environment holds `name=value` (Linux only; elsewhere empty).
 * Finds processes that were orphaned and left the process group, which no ppid walk can reach.
 */
export async function findProcessesWithEnvironment(name: string, value: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`\0${name}=${value}\0`);
  const found: number[] = [];
  let pids: number[];
  try {
    pids = await listProcFolders();
  } catch {
    return []; // No /proc to read.
  }
  for (const pid of pids) {
    if (pid === process.pid) continue;
    try {
      // Prefixing a NUL lets the first variable match like the others.
      const environ = Buffer.concat([Buffer.from([0]), await readFile(`/proc/${pid}/environ`)]);
      if (environ.includes(needle)) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read: either way not one of our processes.
    }
  }
  return found;
}

interface ProcessEntry {
  ppid: number;
  pgid: number;
  /** One-letter state from /proc (Z = zombie: dead, waiting for its parent to collect it). */
  state: string;
}

type ProcessTable = Map<number, ProcessEntry>;

async function readProcessTable(): Promise<ProcessTable> {
  if (process.platform === 'linux') {
    try {
      return await readProcTable();
    } catch {
      // /proc not mounted (some containers): fall through to ps.
    }
  }
  return readPsTable();
}

async function readProcTable(): Promise<ProcessTable> {
  const table: ProcessTable = new Map();
  const pids = await listProcFolders();
  await Promise.all(
    pids.map(async (pid) => {
      const entry = await readProcStat(pid);
      if (entry) table.set(pid, entry);
    }),
  );
  return table;
}

async function listProcFolders(): Promise<number[]> {
  const names = await readdir('/proc');
  return names.filter((name) => /^\d+$/.test(name)).map(Number);
}

async function readProcStat(pid: number): Promise<ProcessEntry | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [state, ppid, pgid] = fields;
    if (state === undefined || ppid === undefined || pgid === undefined) return undefined;
    return { state, ppid: Number(ppid), pgid: Number(pgid) };
  } catch {
    return undefined;
  }
}

async function readPsTable(): Promise<ProcessTable> {
  const table: ProcessTable = new Map();
  try {
    const { stdout } = await execFileAsync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat=']);
    for (const line of stdout.split('\n')) {
      const [pid, ppid, pgid, state] = line.trim().split(/\s+/);
      if (pid && ppid && pgid && state) table.set(Number(pid), { ppid: Number(ppid), pgid: Number(pgid), state: state.charAt(0) });
    }
  } catch {
    // No ps either: we can still signal the root and its group.
  }
  return table;
}

function descendantsIn(table: ProcessTable, rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, entry] of table) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(pid);
    else children.set(entry.ppid, [pid]);
  }
  const found: number[] = [];
  const queue = [rootPid];
  const seen = new Set<number>(queue);
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const child of children.get(parent) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      const entry = table.get(child);
      if (entry && entry.state !== 'Z') found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The root, the other roots, the members of the root's process group, and all their descendants. */
function collectTargets(table: ProcessTable, rootPid: number, otherRoots: number[]): Set<number> {
  const roots = [rootPid, ...otherRoots];
  for (const [pid, entry] of table) if (entry.pgid === rootPid && entry.state !== 'Z') roots.push(pid);
  const targets = new Set<number>();
  for (const root of roots) {
    targets.add(root);
    for (const pid of descendantsIn(table, root)) targets.add(pid);
  }
  targets.delete(process.pid);
  return targets;
}

/** Whether a process group `pgid` still has members (it can outlive its leader). */
function groupExists(table: ProcessTable, pgid: number): boolean {
  for (const entry of table.values()) if (entry.pgid === pgid) return true;
  // Without a process table (no /proc, no ps) we cannot tell; signalling a missing group is harmless.
  return table.size === 0;
}

function isRunningIn(table: ProcessTable, pid: number): boolean {
  const entry = table.get(pid);
  return entry !== undefined && entry.state !== 'Z';
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  // Never our own group: that would signal this process too.
  if (pgid <= 1 || pgid === process.pid) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // No such group (already gone) or not ours: nothing to stop.
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 1) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** True once none of `pids` is running (zombies count as gone), false if some outlive `timeoutMs`. */
async function waitUntilGone(pids: Set<number>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await anyRunning(pids))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_INTERVAL_MS));
  }
}

async function anyRunning(pids: Set<number>): Promise<boolean> {
  for (const pid of pids) {
    if (await isRunning(pid)) return true;
  }
  return false;
}

async function isRunning(pid: number): Promise<boolean> {
  if (process.platform === 'linux') {
    const entry = await readProcStat(pid);
    if (entry) return entry.state !== 'Z';
    // No /proc entry: gone, unless /proc is missing altogether; process.kill(pid, 0) settles it.
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is still running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
