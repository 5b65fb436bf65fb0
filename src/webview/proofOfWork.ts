// What a finished task did, worked out from the messages the panel already receives: the files
// changed (as applied, with their diffs), the commands and tests run with their results, and the
// first and last screenshot. Plain data and no DOM, so it is tested on its own.
import type { TranscriptEvent } from '../shared/transcriptEvents';
import { shellCommandOf, toolResultFailed } from '../shared/toolReport';
import type { HostMessage, ReviewHunk } from '../shared/protocol';

export interface ChangedFile {
  path: string;
  created: boolean;
  /** Lines added and removed by the applied hunks. */
  added: number;
  removed: number;
  /** The hunks written (all of a change, or the accepted ones of a partial decision). */
  hunks: ReviewHunk[];
}

export interface CommandRun {
  command: string;
  /** A test run, by the command's words (npm test, pytest, go test…), listed under "Tests". */
  isTest: boolean;
  /** Undefined while it runs or when the tool did not report one; null when it was killed. */
  exitCode: number | null | undefined;
  /** The command ran and exited 0 (or, for a background start, started). */
  succeeded: boolean | undefined;
  /** The result's first line. */
  result: string;
}

export interface Screenshot {
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  dataBase64: string;
}

export interface ProofOfWork {
  files: ChangedFile[];
  commands: CommandRun[];
  /** The first and the last screenshot of the task (last is absent when there was only one). */
  screenshots: { before: Screenshot; after?: Screenshot } | undefined;
}

/** Whether the task did anything to prove: a file written, a command run or a screenshot taken (an answer alone is not). */
export function hasWork(proof: ProofOfWork): boolean {
  return proof.files.length > 0 || proof.commands.length > 0 || proof.screenshots !== undefined;
}

/** Words that make a command a test run, wherever they appear in it. */
const TEST_COMMAND = /\b(?:npm (?:run )?test|npm t|yarn test|pnpm test|npx (?:mocha|jest|vitest)|mocha|jest|vitest|pytest|go test|cargo test|make (?:test|check)|ctest|phpunit|rspec)\b/;

/** Builds the proof of work message by message, as the panel receives them; `summary()` at any time. */
export class ProofOfWorkCollector {
  private readonly _files = new Map<string, ChangedFile>();
  private readonly _commands = new Map<string, CommandRun>();
  private _first: Screenshot | undefined;
  private _last: Screenshot | undefined;

  add(message: HostMessage): void {
    switch (message.type) {
      // A follow-up's proof is of the work done since the user's reply.
      case 'session-started':
      case 'follow-up':
        this._files.clear();
        this._commands.clear();
        this._first = this._last = undefined;
        return;
      case 'event':
        this._event(message.event);
        return;
      default:
        return;
    }
  }

  summary(): ProofOfWork {
    return {
      files: [...this._files.values()].map((file) => ({ ...file, hunks: [...file.hunks] })),
      commands: [...this._commands.values()].map((command) => ({ ...command })),
      screenshots: this._first ? { before: this._first, ...(this._last ? { after: this._last } : {}) } : undefined,
    };
  }

  private _event(event: TranscriptEvent): void {
    switch (event.type) {
      case 'change_applied': {
        // Written, whether the user accepted it or the policy did: what is in the file now. Two changes to one file add up.
        const file = this._files.get(event.path) ?? { path: event.path, created: event.created, added: 0, removed: 0, hunks: [] };
        for (const hunk of event.hunks) {
          file.added += hunk.lines.filter((line) => line.startsWith('+')).length;
          file.removed += hunk.lines.filter((line) => line.startsWith('-')).length;
          file.hunks.push(hunk);
        }
        this._files.set(event.path, file);
        return;
      }
      case 'tool_call': {
        const command = shellCommandOf(event.name, event.input)?.command;
        if (command) this._commands.set(event.id, { command, isTest: TEST_COMMAND.test(command), exitCode: undefined, succeeded: undefined, result: '' });
        return;
      }
      case 'tool_result': {
        const run = this._commands.get(event.id);
        if (!run) return;
        run.exitCode = event.exitCode;
        run.succeeded = !toolResultFailed(event);
        run.result = event.summary.split('\n')[0] ?? '';
        return;
      }
      case 'screenshot': {
        const shot = { mediaType: event.mediaType, width: event.width, height: event.height, dataBase64: event.dataBase64 };
        if (!this._first) this._first = shot;
        else this._last = shot;
        return;
      }
      default:
        return;
    }
  }
}

/** The proof of work of a whole message list (a session's, from `session-started` on). */
export function summariseSession(messages: readonly HostMessage[]): ProofOfWork {
  const collector = new ProofOfWorkCollector();
  for (const message of messages) collector.add(message);
  return collector.summary();
}

/** The shell command a tool call runs, if it runs one: bash, or starting a background process. */
