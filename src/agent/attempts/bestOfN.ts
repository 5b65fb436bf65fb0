// Best-of-N: N attempts at one task, in parallel, each in its own copy of the folder (attemptCopies.ts);
// then the project's check in each (verification.ts), the attempts that fail it or changed nothing
// dropped, and the rest ranked by the judge (attemptJudge.ts), ties to the smaller diff. Nothing
// here touches the user's folder: the winner's changes are proposed to it afterwards (applyWinner.ts).
import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errorText } from '../../shared/errorText';
import type { SessionOutcome } from '../events';
import type { ProcessHost } from '../ports';
import { attemptDiff, diskUsage, hashFiles, type AttemptDiff, type FileHashes } from './attemptChanges';
import { makeAttemptCopy, type AttemptCopy } from './attemptCopies';
import type { Candidate, Verdict } from './attemptJudge';
import { groupSameChanges, sameChangeVerdict, verdictForGroups } from './sameChanges';
import { checkVerdict, runCheck, type CheckRun } from './verification';

/** Attempts at once: each runs a sandbox (and a display for visual work) on a machine shared with the user. */
export const MAX_ATTEMPTS = 8;

export interface StartedAttempt {
  outcome: SessionOutcome;
  costUsd: number;
  /** The attempt's sandbox, still open so its check runs confined like its commands. */
  processes: ProcessHost;
  /** Added to the check's environment as to the attempt's commands: DISPLAY of its own display, so a check can open the app there. */
  commandEnv?: Record<string, string>;
  /** The attempt's private display, with computer use. */
  display?: string;
  dispose(): Promise<void>;
}

export type AttemptStatus = 'candidate' | 'failed the check' | 'changed nothing' | 'did not finish' | 'could not run';

export interface AttemptRecord {
  attempt: number;
  folder: string;
  copy: AttemptCopy['kind'];
  status: AttemptStatus;
  outcome?: SessionOutcome['kind'];
  error?: string;
  check?: CheckRun;
  costUsd: number;
  files: Array<{ path: string; kind: string; added: number; removed: number }>;
  added: number;
  removed: number;
  /** Disk the attempt's copy took when it ended (shared dependency folders not counted). */
  diskBytes: number;
  /** The private display it ran on, with computer use (each attempt has its own). */
  display?: string;
}

export interface AttemptsReport {
  checkCommand?: string;
  attempts: AttemptRecord[];
  verdict?: Verdict;
  winner?: number;
  /** Each attempt's changes (for proposing the winner, or another the user picks, and for showing them). */
  diffs: Map<number, AttemptDiff>;
}

export interface BestOfNOptions {
  task: string;
  userRoot: string;
  /** Where the attempts' copies go (Loupe's storage, not the user's folder). */
  storage: string;
  attempts: number;
  checkCommand?: string;
  signal: AbortSignal;
  /** `shared`: the user's dependency folders the copy links to, for the sandbox to show read-only. */
  runAttempt(attempt: number, folder: string, shared: string[]): Promise<StartedAttempt>;
  judge(candidates: Candidate[]): Promise<Verdict>;
  onProgress?(message: string): void;
  /** Keep the copies after the run (to look at the losers); by default they are removed. */
  keepCopies?: boolean;
}

export async function runBestOfN(options: BestOfNOptions): Promise<AttemptsReport> {
  if (!Number.isInteger(options.attempts) || options.attempts < 2 || options.attempts > MAX_ATTEMPTS) throw new Error(`Attempts must be a whole number from 2 to ${MAX_ATTEMPTS}, not ${options.attempts}.`);
  const say = (message: string) => options.onProgress?.(message);
  const copies: AttemptCopy[] = [];
  try {
    for (let attempt = 1; attempt <= options.attempts; attempt++) copies.push(await makeAttemptCopy(options.userRoot, join(options.storage, `attempt-${attempt}`)));
    // Every copy starts as the same state of the user's folder.
    const start = await hashFiles(copies[0]!.folder);
    say(`${options.attempts} attempts, each in its own copy (${copies[0]!.kind === 'worktree' ? 'a git worktree' : 'a copy of the folder'}${copies[0]!.shared.length ? `, sharing ${copies[0]!.shared.map((folder) => folder.path).join(', ')}` : ''}).`);
    const diffs = new Map<number, AttemptDiff>();
    // The user's folder is walked once, when the first attempt ends, not once per attempt.
    let userNow: Promise<FileHashes> | undefined;
    const records = await Promise.all(
      copies.map(async (copy, index): Promise<AttemptRecord> => {
        const attempt = index + 1;
        const base = { attempt, folder: copy.folder, copy: copy.kind, costUsd: 0, files: [], added: 0, removed: 0, diskBytes: 0 };
        let started: StartedAttempt;
        try {
          started = await options.runAttempt(attempt, copy.folder, copy.shared.map((folder) => folder.source));
        } catch (error) {
          return { ...base, status: 'could not run', error: errorText(error) };
        }
        try {
          const diff = await attemptDiff(copy.folder, options.userRoot, start, await (userNow ??= hashFiles(options.userRoot)));
          diffs.set(attempt, diff);
          const summary = { ...base, ...(started.display ? { display: started.display } : {}), outcome: started.outcome.kind, costUsd: started.costUsd, files: diff.files.map(({ path, kind, added, removed }) => ({ path, kind, added, removed })), added: diff.added, removed: diff.removed, diskBytes: await diskUsage(copy.folder) };
          if (started.outcome.kind !== 'completed') return { ...summary, status: 'did not finish' };
          if (diff.files.length === 0) return { ...summary, status: 'changed nothing' };
          if (!options.checkCommand) return { ...summary, status: 'candidate' };
          const check = await runCheck(options.checkCommand, copy.folder, started.processes, options.signal, started.commandEnv);
          say(`Attempt ${attempt}: ${options.checkCommand} ${checkVerdict(check)}.`);
          return { ...summary, check, status: check.passed ? 'candidate' : 'failed the check' };
        } finally {
          await started.dispose();
        }
      }),
    );
    const report: AttemptsReport = { ...(options.checkCommand ? { checkCommand: options.checkCommand } : {}), attempts: records, diffs };
    const candidates = records.filter((record) => record.status === 'candidate').map((record) => ({ attempt: record.attempt, diff: diffs.get(record.attempt)!, ...(record.check ? { check: `${record.check.command}: passed` } : {}) }));
    if (candidates.length === 0 || options.signal.aborted) return report;
    const groups = groupSameChanges(candidates);
    const verdict = groups.length === 1 && candidates.length > 1 ? sameChangeVerdict(groups[0]!) : verdictForGroups(groups, await options.judge(groups.map((group) => group[0]!)));
    const winner = verdict.ranking[0]!;
    return { ...report, verdict, winner };
  } finally {
    if (!options.keepCopies) {
      for (const copy of copies) await copy.remove().catch(() => undefined);
      // The copies' folder too, when nothing else is in it (rmdir removes only an empty folder).
      await rmdir(options.storage).catch(() => undefined);
    }
  }
}
