// The host's copy of what the panel was sent for the current (or last) session, replayed to a page
// that loads again (the view shown after being hidden, a panel reopened, the window reloaded), so
// the webview need not be kept alive while hidden. Bounded: see record().
import type { TranscriptEvent } from '../shared/transcriptEvents';
import { MAX_LIVE_OUTPUT_CHARS, type HostMessage } from '../shared/protocol';
import { parseSavedMessage } from './savedMessageSchema';

/**
 * About 24 MB of UTF-16 at most: a few dozen screenshots (the largest part of any session) plus
 * text. Past it, screenshots between the first and the newest are dropped first (the proof of work
 * shows the first and the last), then the oldest entries.
 */
export const MAX_LOG_CHARS = 12_000_000;

export const INTERRUPTED_BY_RELOAD = 'The window was reloaded while this task ran, which stopped it. What it did up to then is above.';

type EventMessage<T extends TranscriptEvent['type']> = { type: 'event'; event: Extract<TranscriptEvent, { type: T }> };

export class TranscriptLog {
  private _messages: HostMessage[] = [];
  private _chars = 0;
  private _trimmed = false;
  /** Each screenshot's place in the session (1 for the first), kept when trimming drops the screenshot itself. */
  private readonly _screenshotNumbers = new Map<string, number>();

  /**
   * Keeps `message` for the next replay, folded into what is already kept where it can be. False when
   * the message is not part of the transcript (the log did not change, so there is nothing to save).
   */
  record(message: HostMessage): boolean {
    switch (message.type) {
      case 'ready-ack':
      case 'thinking':
      case 'model':
        // The state goes with each ready-ack; it is not part of the transcript.
        return false;
      case 'answer':
        // An answer belongs to the page that asked, not to the transcript (panelHub.ts sends it to that page only).
        return false;
      case 'session-started':
        this._messages = [];
        this._chars = 0;
        this._trimmed = false;
        this._screenshotNumbers.clear();
        break;
      case 'change-review': {
        // A review's later state replaces its earlier one in place: the card is drawn once.
        const index = this._messages.findIndex((kept) => kept.type === 'change-review' && kept.review.id === message.review.id);
        if (index >= 0) {
          this._replace(index, message);
          return true;
        }
        break;
      }
      case 'question': {
        // Answered in place: the card stays where it was asked.
        const index = this._messages.findIndex((kept) => kept.type === 'question' && kept.question.id === message.question.id);
        if (index >= 0) {
          this._replace(index, message);
          return true;
        }
        break;
      }
      case 'event':
        if (message.event.type === 'screenshot' && !this._screenshotNumbers.has(message.event.id)) this._screenshotNumbers.set(message.event.id, this._screenshotNumbers.size + 1);
        if (this._fold(message)) return true;
        break;
      default:
        break;
    }
    this._messages.push(message);
    this._chars += size(message);
    this._trim();
    return true;
  }

  /** What a fresh page needs to draw the transcript, in order. */
  messages(): readonly HostMessage[] {
    return this._trimmed ? [...this._messages.slice(0, 1), { type: 'notice', message: 'Earlier parts of this transcript were not kept (the panel keeps the newest part of a long session).' }, ...this._messages.slice(1)] : this._messages;
  }

  /** A screenshot of the kept session by its tool_use id (the newest, if several), or undefined once it was trimmed. */
  screenshot(id: string): Extract<TranscriptEvent, { type: 'screenshot' }> | undefined {
    for (let index = this._messages.length - 1; index >= 0; index--) {
      const message = this._messages[index]!;
      if (message.type === 'event' && message.event.type === 'screenshot' && message.event.id === id) return message.event;
    }
    return undefined;
  }

  /** Which screenshot of the session this is (1 for the first), for a name a person can read. */
  screenshotNumber(id: string): number | undefined {
    return this._screenshotNumbers.get(id);
  }

  /** What the kept session cost (its newest usage event), or 0 when it made no request. */
  get sessionCostUsd(): number {
    for (let index = this._messages.length - 1; index >= 0; index--) {
      const message = this._messages[index]!;
      if (message.type === 'event' && message.event.type === 'usage') return message.event.sessionCostUsd;
    }
    return 0;
  }

  /** A session is kept (a notice on its own, e.g. Restricted Mode, is not one). */
  get hasSession(): boolean {
    return this._messages.some((message) => message.type === 'session-started');
  }

  /** Nothing has been recorded since the log was made: a saved session may be restored into it. */
  get isEmpty(): boolean {
    return this._messages.length === 0;
  }

  /** Restores a saved log (from before a window reload); an entry that does not fit savedMessageSchema is dropped. */
  restore(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    for (const entry of saved) {
      const message = parseSavedMessage(entry);
      if (message) this.record(message);
    }
    // Saved mid-task (or mid-reply): the window reload ended that task, so say so rather than draw it still working.
    const lastStart = this._messages.findLastIndex((message) => message.type === 'session-started' || message.type === 'follow-up');
    if (lastStart >= 0 && !this._messages.slice(lastStart).some((message) => message.type === 'session-ended')) {
      this.record({ type: 'session-ended', outcome: { kind: 'failed', reason: INTERRUPTED_BY_RELOAD } });
    }
  }

  /** Consecutive text (or thinking, or one command's output) joins the previous entry: one entry per block, not per delta. */
  private _fold(message: HostMessage & { type: 'event' }): boolean {
    const last = this._messages.at(-1);
    const event = message.event;
    if (event.type === 'plan') {
      // Only the newest plan is drawn.
      const index = this._messages.findIndex((kept) => kept.type === 'event' && kept.event.type === 'plan');
      if (index >= 0) this._remove(index);
      return false;
    }
    if (last?.type !== 'event') return false;
    const previous = last.event;
    if ((event.type === 'text_delta' || event.type === 'thinking_delta') && previous.type === event.type) {
      this._replace(this._messages.length - 1, { type: 'event', event: { type: event.type, text: previous.text + event.text } } as EventMessage<typeof event.type>);
      return true;
    }
    if (event.type === 'tool_output' && previous.type === 'tool_output' && previous.id === event.id) {
      // The panel shows at most this much of a command's live output; keeping more would only cost memory.
      const chunk = (previous.chunk + event.chunk).slice(0, MAX_LIVE_OUTPUT_CHARS);
      this._replace(this._messages.length - 1, { type: 'event', event: { ...previous, chunk } });
      return true;
    }
    return false;
  }

  private _replace(index: number, message: HostMessage): void {
    this._chars += size(message) - size(this._messages[index]!);
    this._messages[index] = message;
  }

  private _remove(index: number): void {
    this._chars -= size(this._messages[index]!);
    this._messages.splice(index, 1);
  }

  private _trim(): void {
    while (this._chars > MAX_LOG_CHARS) {
      const screenshots = this._messages.flatMap((message, index) => (message.type === 'event' && message.event.type === 'screenshot' ? [index] : []));
      // Keep the first and the newest screenshot (before and after); drop the second-oldest.
      if (screenshots.length > 2) {
        this._remove(screenshots[1]!);
        continue;
      }
      // Keep session-started (index 0) and the newest entry.
      if (this._messages.length <= 2) return;
      this._remove(1);
      this._trimmed = true;
    }
  }
}

function size(message: HostMessage): number {
  if (message.type === 'event') {
    const event = message.event;
    if (event.type === 'screenshot') return event.dataBase64.length;
    if (event.type === 'text_delta' || event.type === 'thinking_delta') return event.text.length;
    if (event.type === 'tool_output') return event.chunk.length;
  }
  // Small fixed-shape messages; a review is bounded by its hunks.
  return message.type === 'change-review' ? JSON.stringify(message.review).length : 200;
}
