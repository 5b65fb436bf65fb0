// The one typed protocol between the extension host and the Loupe panel's webview. The webview
// says `ready` first; the host validates every message it receives with parseWebviewMessage.
import type { WebviewMessage } from './protocolSchema';
import type { SessionOutcome, TranscriptEvent } from './transcriptEvents';

/** Character ranges [start, end) of a line that changed within it (the line's `+`/`-` counts as 0). */
export type WordRanges = Array<[number, number]>;

/** One hunk of a proposed change as the panel draws it; `accepted` is undefined until the user decides. */
export interface ReviewHunk {
  header: string;
  lines: string[];
  /** Per line, the words that changed within a changed line (null where none is marked). */
  words?: (WordRanges | null)[];
  accepted?: boolean;
}

/** A change waiting for the user (or just decided): the host owns the state, the panel draws it. */
export interface ChangeReview {
  id: string;
  relativePath: string;
  /** Which of several agents proposes it (best-of-N: "Attempt 2"). */
  asker?: string;
  created: boolean;
  hunks: ReviewHunk[];
  /** Set once the change is decided; the card then shows the outcome and no buttons. */
  outcome?: 'accepted' | 'rejected' | 'partial' | 'cancelled';
}

/**
 * A question a tool call waits on (a command to run, a host to reach), asked in the panel's card and
 * in a notification at once; whichever the user answers first decides.
 */
export interface PendingQuestion {
  id: string;
  /** The question in full, as the notification says it. */
  text: string;
  /** The buttons, the yes first; the host takes back only one of these. */
  choices: string[];
  /** The choice made, once the user answered (in the panel or the notification). */
  answer?: string;
  /** Set when the task stopped (or ended) before anyone answered. */
  unanswered?: true;
}

/** One attempt of a best-of-N task as the panel's comparison shows it. */
export interface AttemptRow {
  attempt: number;
  /** 'candidate', 'failed the check', 'changed nothing', 'did not finish', 'could not run'. */
  status: string;
  check?: { command: string; passed: boolean; exitCode: number | null };
  costUsd: number;
  files: number;
  added: number;
  removed: number;
  /** The judge's score (0-10) and why, when it judged this attempt. */
  score?: number;
  reason?: string;
}

/** The attempts of a best-of-N task, side by side: the winner is proposed as ordinary changes. */
export interface AttemptsComparison {
  id: string;
  attempts: AttemptRow[];
  winner?: number;
  /** How the winner was picked: the judge, or the smaller diff (one candidate, or a judge that could not be used). */
  pickedBy?: 'judge' | 'smaller diff' | 'same change';
  note?: string;
}

/** A command's live output drawn in the panel is capped here (the model gets its own capped copy). */
export const MAX_LIVE_OUTPUT_CHARS = 20_000;

/** Host → webview. Events are posted one by one as they happen, never the whole transcript. */
export type HostMessage =
  /**
   * Answers `ready` (and starts a redraw): the page clears itself, then the last session's messages
   * follow as they were first sent. `running` says whether a task is under way.
   */
  | { type: 'ready-ack'; running: boolean; thinking: boolean; model: string }
  /** `folder`: in a window of several folders, the one the task runs in. */
  | { type: 'session-started'; task: string; model: string; folder?: string; attachments?: string[] }
  /** The user replied in the conversation of the task above: the transcript goes on (not cleared). `attachments`: what went with it (`src/a.ts:10-14`). */
  | { type: 'follow-up'; text: string; attachments?: string[] }
  | { type: 'event'; event: TranscriptEvent }
  | { type: 'session-ended'; outcome: SessionOutcome }
  /** A change to review, or its new state (same id) after a decision from the panel, the diff editor or a command. */
  | { type: 'change-review'; review: ChangeReview }
  /** A question waiting for the user, or its new state (same id) once answered. */
  | { type: 'question'; question: PendingQuestion }
  /** Extended thinking for the next user turn. */
  | { type: 'thinking'; on: boolean }
  /** The model the next task uses (the `loupe.model` setting), after the user picked another. */
  | { type: 'model'; id: string }
  /** The attempts of a best-of-N task compared, once they have ended (kept with the transcript). */
  | { type: 'attempts'; comparison: AttemptsComparison }
  /** Something the user must know that is not part of a session (no key, Restricted Mode…). */
  | { type: 'notice'; message: string }
  /** The host's answer to one page's ask (sent to that page only, never kept in the transcript). */
  | AnswerMessage;

/** Webview → host: the shapes are the schema's (protocolSchema.ts), which the host checks every message against. */
export type { WebviewMessage } from './protocolSchema';

/** A decision or answer from the page the host took, or did not (and why: e.g. it is no longer waiting). */
export type Taken = { taken: true } | { taken: false; why: string };

/**
 * What the page asks of the host, by name, and what the host answers each with: one map, so a request
 * and its answer cannot drift apart. The asks' shapes are in protocolSchema.ts (`panelAsks`).
 */
export interface PanelAnswers {
  /** Whether a task started from the text (the box is cleared only then). */
  'send-task': { started: boolean };
  'decide-change': Taken;
  'decide-hunk': Taken;
  'answer-question': Taken;
  /**
   * Files of the task's folder whose path contains the query, best first, relative to that folder
   * (what `@path` inserts). `superseded`: a newer ask from the same page replaced this one (its search
   * was cancelled). `note`: why there is nothing to offer (no folder, or which of several is unclear).
   */
  'mention-files': { paths: string[]; superseded?: true; note?: string };
  /** Open an attempt's changes in VS Code's diff editor. */
  'open-attempt-diff': Taken;
  /** Propose this attempt's changes to the folder instead (after the winner's were rejected, say). */
  'use-attempt': Taken;
}
export type AskName = keyof PanelAnswers;
export type AskMessage = Extract<WebviewMessage, { type: 'ask' }>;
/** What the page sends with an ask of `name`. */
export type AskOf<K extends AskName> = Extract<AskMessage, { name: K }>['ask'];
export type AnswerMessage = { [K in AskName]: { type: 'answer'; request: string; name: K; answer: PanelAnswers[K] } }[AskName];

