// The one typed protocol between the extension host and the Loupe panel's webview. The webview
// says `ready` first; the host validates every message it receives with parseWebviewMessage.
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

/** A command's live output drawn in the panel is capped here (the model gets its own capped copy). */
export const MAX_LIVE_OUTPUT_CHARS = 20_000;

/** Host → webview. Events are posted one by one as they happen, never the whole transcript. */
export type HostMessage =
  /**
   * Answers `ready` (and starts a redraw): the page clears itself, then the last session's messages
   * follow as they were first sent. `running` says whether a task is under way.
   */
  | { type: 'ready-ack'; running: boolean; thinking: boolean; model: string }
  | { type: 'session-started'; task: string; model: string }
  /** The user replied in the conversation of the task above: the transcript goes on (not cleared). */
  | { type: 'follow-up'; text: string }
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
  /** Something the user must know that is not part of a session (no key, Restricted Mode…). */
  | { type: 'notice'; message: string }
  /** The answer to a `send-task`: whether a task started from it (the box is cleared only then). */
  | { type: 'send-task-answer'; request: string; started: boolean };

/** Webview → host. */
export type WebviewMessage =
  /** The webview's script has loaded and listens; sent once per load. */
  | { type: 'ready' }
  /** The user pressed Stop. */
  | { type: 'stop' }
  /** Accept or reject a whole proposed change. */
  | { type: 'decide-change'; id: string; accept: boolean }
  /** Accept or reject one hunk (numbered from 0) of a proposed change. */
  | { type: 'decide-hunk'; id: string; hunk: number; accept: boolean }
  /** The user's answer, from the panel's card, to a question the host asked (one of its choices). */
  | { type: 'answer-question'; id: string; choice: string }
  /** Show the proposed change in VS Code's diff editor. */
  | { type: 'open-diff'; id: string }
  /** Roll the workspace back to a checkpoint (after the user confirms a preview). */
  | { type: 'restore-checkpoint'; id: string }
  | { type: 'set-thinking'; on: boolean }
  /** Open the model picker (Loupe: Select Model…). */
  | { type: 'pick-model' }
  /** Open a screenshot of this session (by its tool_use id) full size in an editor tab. */
  | { type: 'open-screenshot'; id: string }
  /**
   * Text from the panel's box: a new task, or (`continue`) a reply in the conversation of the last one.
   * `request` names it in the host's `send-task-answer`.
   */
  | { type: 'send-task'; request: string; text: string; continue: boolean };

/** Review ids are made by the host; anything else from the page is refused before it reaches a lookup. */
const REVIEW_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CHECKPOINT_ID = /^[0-9a-f]{40}$/;
/** Request ids the page makes for what it asks the host (composer.ts). */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Tool_use ids as the API makes them (`toolu_…`); the host looks a screenshot up by one, so nothing else gets that far. */
const TOOL_USE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** A question's choice is a button label the host made; nothing longer is one. */
const MAX_CHOICE_CHARS = 300;
/** The panel's box stops at this many characters (composer.ts); a longer message is not from it. */
const MAX_SENT_TEXT_CHARS = 50_000;
/** No proposed change has this many hunks; the bound keeps a crafted index from meaning anything. */
const MAX_HUNK_INDEX = 10_000;

/**
 * The message if it is a well-formed WebviewMessage, else undefined. A webview is a web page: its
 * messages are checked like any other outside input, and extra fields are dropped.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  const type = fields.type;
  if (typeof type !== 'string') return undefined;
  const known = type as WebviewMessage['type'];
  const id = typeof fields.id === 'string' ? fields.id : undefined;
  const accept = typeof fields.accept === 'boolean' ? fields.accept : undefined;
  switch (known) {
    case 'ready':
      return { type: 'ready' };
    case 'stop':
      return { type: 'stop' };
    case 'decide-change':
      return id && REVIEW_ID.test(id) && accept !== undefined ? { type: 'decide-change', id, accept } : undefined;
    case 'decide-hunk': {
      const hunk = fields.hunk;
      const validHunk = typeof hunk === 'number' && Number.isInteger(hunk) && hunk >= 0 && hunk < MAX_HUNK_INDEX;
      return id && REVIEW_ID.test(id) && accept !== undefined && validHunk ? { type: 'decide-hunk', id, hunk, accept } : undefined;
    }
    case 'answer-question': {
      const choice = fields.choice;
      return id && REVIEW_ID.test(id) && typeof choice === 'string' && choice.length > 0 && choice.length <= MAX_CHOICE_CHARS ? { type: 'answer-question', id, choice } : undefined;
    }
    case 'open-diff':
      return id && REVIEW_ID.test(id) ? { type: 'open-diff', id } : undefined;
    case 'restore-checkpoint':
      return id && CHECKPOINT_ID.test(id) ? { type: 'restore-checkpoint', id } : undefined;
    case 'set-thinking':
      return typeof fields.on === 'boolean' ? { type: 'set-thinking', on: fields.on } : undefined;
    case 'pick-model':
      return { type: 'pick-model' };
    case 'open-screenshot':
      return id && TOOL_USE_ID.test(id) ? { type: 'open-screenshot', id } : undefined;
    case 'send-task': {
      const text = typeof fields.text === 'string' ? fields.text.trim() : '';
      const carryOn = fields.continue;
      const request = fields.request;
      const named = typeof request === 'string' && REQUEST_ID.test(request);
      return named && text !== '' && text.length <= MAX_SENT_TEXT_CHARS && typeof carryOn === 'boolean' ? { type: 'send-task', request, text, continue: carryOn } : undefined;
    }
    default: {
      // A new message type must be handled above: this line fails to compile until it is.
      const _exhaustive: never = known;
      return undefined;
    }
  }
}
