// The small interfaces through which the agent core reaches the outside world.
// src/host implements them for VS Code, src/cli.ts for a terminal, tests with real temp folders.
import type { StructuredPatchHunk } from 'diff';

/** File access rooted at the user's workspace. Paths are absolute and already checked to be inside `root`. */
export interface Workspace {
  /** Real path of the workspace folder (symlinks resolved). */
  readonly root: string;
  /** The file's current text (an editor's unsaved buffer wins over disk), or undefined if it does not exist. */
  readFile(absolutePath: string): Promise<string | undefined>;
  /**
   * Replaces the file's text only if it still hashes to `expectedHash` (null: the file must not exist),
   * so a change made by someone else since the agent read it is never overwritten. Atomic: readers see
   * the old or the new text, never a partial one. Throws StaleFileError when the check fails.
   */
  writeFile(absolutePath: string, text: string, expectedHash: string | null): Promise<void>;
  /** Entries of a directory (names, directories end with '/'); undefined if it is not a directory. */
  listDirectory(absolutePath: string): Promise<string[] | undefined>;
}

export class StaleFileError extends Error {
  constructor(readonly path: string, detail: string) {
    super(detail);
    this.name = 'StaleFileError';
  }
}

/** A change the agent proposes to one file, waiting for the user's decision. */
export interface ProposedChange {
  /** Absolute path. */
  path: string;
  /** Path relative to the workspace root, for display. */
  relativePath: string;
  /** Text before the change; null when the change creates the file. */
  before: string | null;
  after: string;
  /** Hunks of the change (from the `diff` package), indexed from 0 in the decision. */
  hunks: StructuredPatchHunk[];
}

export type ChangeDecision =
  | { kind: 'accept' }
  | { kind: 'reject'; reason?: string }
  /** Keep only some hunks; the others are reported to the model as rejected. */
  | { kind: 'partial'; acceptedHunks: number[]; reason?: string };

export interface CommandRequest {
  command: string;
  cwd: string;
  /** Why the policy asks, shown to the user. */
  reason: string;
}

/** Asks the user (or a rule standing in for them) about actions the policy does not allow outright. */
export interface Approver {
  reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision>;
  approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean>;
}
