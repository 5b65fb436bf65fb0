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
   * Replaces the file's text only if it still is `expected`, the text the change was made on (null: the file must not exist),
   * so a change made by someone else since the agent read it is never overwritten. Atomic: readers see
   * the old or the new text, never a partial one. Throws StaleFileError when the check fails.
   */
  writeFile(absolutePath: string, text: string, expected: string | null): Promise<void>;
  /** Entries of a directory (names, directories end with '/'); undefined if it is not a directory. */
  listDirectory(absolutePath: string): Promise<string[] | undefined>;
  /** What the editor must know before it proposes an edit: the file's encoding, and whether it is read-only. */
  fileFacts?(absolutePath: string): Promise<FileFacts | undefined>;
}

/** An error or warning the editor shows for a file (a language server's diagnostic). */
export interface FileProblem {
  /** 1-based, in the file's text when it was reported. */
  line: number;
  severity: 'error' | 'warning';
  message: string;
  /** Who reported it (`ts`, `json`, `eslint`), when the reporter says. */
  source?: string;
  /** The reporter's code for it (`2322`), when it has one. */
  code?: string;
}

/**
 * The editor's problems for a file the agent edits, so the result of an accepted edit can name the
 * errors it introduced. VS Code has them (src/host/editDiagnostics.ts); the CLI has no language
 * server and passes none.
 */
export interface Diagnostics {
  /** Starts watching a file before its edit is proposed: a language server's reports are events, and one must not be missed. */
  watch(absolutePath: string): Promise<ProblemWatch>;
}

/** One file's problems around one write. Disposed by whoever started it, written or not. */
export interface ProblemWatch {
  /** Just before the write: the file's errors and warnings as they stand (waiting for a first report on a file no language server had checked). */
  beforeWrite(signal: AbortSignal): Promise<FileProblem[]>;
  /**
   * After the write: the file's errors and warnings once its language server has reported on the new
   * text, or at the host's ceiling if it does not (a file with no problems may never be reported), or
   * as soon as `signal` aborts.
   */
  afterWrite(signal: AbortSignal): Promise<FileProblem[]>;
  dispose(): void;
}

export interface FileFacts {
  encoding: import('./workspace/textEncoding').FileEncoding;
  /** The owner may not write it (mode without u+w): an edit would replace a file someone made read-only. */
  readOnly: boolean;
}

export class StaleFileError extends Error {
  constructor(readonly path: string, detail: string) {
    super(detail);
    this.name = 'StaleFileError';
  }
}

/**
 * A write that did not happen as asked, with a message that says exactly where things stand (the
 * editor's text, the disk): the tool passes it on as it is, adding nothing it does not know.
 */
export class WriteNotDoneError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'WriteNotDoneError';
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
  /** Who asks, when several agents share one approver (best-of-N: "Attempt 2"): the question starts with it. */
  asker?: string;
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
  /**
   * The command failed inside the sandbox and would run again outside it, unconfined. Only a person
   * may say yes to this, each time: no standing approval covers it.
   */
  outsideSandbox?: boolean;
  /** Who asks, when several agents share one approver (best-of-N: "Attempt 2"): the question starts with it. */
  asker?: string;
}

/** Asks the user (or a rule standing in for them) about actions the policy does not allow outright. */
export interface Approver {
  reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision>;
  approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean>;
  /**
   * A sandboxed command asks to reach a host outside the allowed network. Only a person answers this
   * (a standing yes never does); an approver without a person to ask says 'deny'.
   */
  approveNetworkAccess?(request: NetworkRequest, signal: AbortSignal): Promise<NetworkDecision>;
}

/** What a process the agent starts is given: the program, its arguments, folder and whole environment. */
export interface ProcessRequest {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** A pipe to write to the process (the persistent shell); otherwise its stdin is /dev/null. */
  stdin: boolean;
}

export interface ProcessExit {
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started at all (no such program or folder). */
  error?: string;
}

/** A process started through a ProcessHost; its pid is as the process itself sees it (in a sandbox, its own namespace's). */
export interface HostedProcess {
  readonly pid: number | undefined;
  readonly stdin: import('node:stream').Writable | null;
  readonly stdout: import('node:stream').Readable;
  readonly stderr: import('node:stream').Readable;
  /** Resolves once, when the process has exited (its output may still be arriving). */
  readonly exited: Promise<ProcessExit>;
  /** Undefined while it runs. */
  readonly exit: ProcessExit | undefined;
  /** Stops the process, its group, its descendants and the orphans it left (SIGTERM, then SIGKILL). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** The process's current folder, when it can be read. */
  currentDirectory(): Promise<string | undefined>;
}

/**
 * Where the agent's processes run: Loupe's OS sandbox (src/agent/sandbox) or, where none can run or the
 * user turned it off, directly on the machine (src/agent/processes/localProcessHost.ts).
 */
export interface ProcessHost {
  readonly sandboxed: boolean;
  start(request: ProcessRequest): HostedProcess;
  /**
   * Hosts the sandbox refused to connect to since the last call (its network allows localhost and the
   * allowed domains only), so a command's result can say why its download failed.
   */
  takeBlockedHosts(): string[];
  /**
   * Protected paths (src/agent/sandbox/protectedPaths.ts) that did not exist when the sandbox started
   * cannot be mounted read-only. This undoes what sandboxed processes (commands, background programs)
   * wrote there since the start or the last write from outside, and returns those paths (including any
   * undone since the last call, found by the sandbox's own watch).
   */
  undoProtectedWrites?(): Promise<ProtectedUndo>;
  /** A write from outside the sandbox (the agent's editor, after the user's review), accepted at `absolutePath`. */
  writeFromOutside?<T>(absolutePath: string, write: () => Promise<T>): Promise<T>;
  /** The environment additions commands need here (the proxy, the sandbox's temp folder). */
  readonly env: Record<string, string>;
  /** Where Loupe saves full command outputs so commands can read them (read-only to them in a sandbox). */
  readonly outputFolder?: string;
  dispose(): Promise<void>;
}

/**
 * Protected paths put back as they were (workspace-relative), each with where what was there is kept
 * (beside it, or in the quarantine folder); and those that could not be, with why.
 */
export interface ProtectedUndo {
  undone: Array<{ path: string; keptAt?: string }>;
  failed: Array<{ path: string; why: string }>;
}

/** How the user answered a request to reach a host outside the sandbox's allowed network. */
export type NetworkDecision = 'deny' | 'task' | 'always';

export interface NetworkRequest {
  host: string;
  port: number;
  /** Who asks, when several agents share one approver (best-of-N: "Attempt 2"): the question starts with it. */
  asker?: string;
}

/**
 * Tools from outside Loupe that the model may call: one MCP server's (src/agent/mcp), or those VS Code
 * already offers (vscode.lm.tools, adapted in src/host). Their descriptions and results are written by
 * whoever wrote the server: outside text for the risky-action rule.
 */
export interface ExternalToolSource {
  /** The server's name as configured ("vscode" for VS Code's own tools); allow-list entries read `server/tool`. */
  readonly server: string;
  /** Where it was configured, for the user: ".mcp.json", ".vscode/mcp.json", "VS Code". */
  readonly origin: string;
  /** A server Loupe started on this machine (its tools may change files here); a remote one cannot. */
  readonly local: boolean;
  readonly tools: readonly ExternalToolInfo[];
  call(tool: string, input: Record<string, unknown>, signal: AbortSignal): Promise<ExternalToolResult>;
  dispose(): Promise<void>;
}

export interface ExternalToolInfo {
  name: string;
  description: string;
  /** A JSON schema of an object, as the server sent it. */
  inputSchema: Record<string, unknown>;
}

export type ExternalContent = { type: 'text'; text: string } | { type: 'image'; mediaType: string; dataBase64: string };

export interface ExternalToolResult {
  isError: boolean;
  content: ExternalContent[];
}
