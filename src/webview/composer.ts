// The box at the foot of the panel where the user writes to Loupe: a new task, or, once a task has
// run, a reply that carries on the same conversation. Enter sends, Shift+Enter starts a new line;
// `@` starts a file mention, completed from the folder (mentionCompletion.ts).
import type { HostRequests } from './hostRequests';
import { MentionCompletion } from './mentionCompletion';
import { element } from './dom';
import { button, setEnabled } from './elements';

/** The host refuses more (protocol.ts); the box stops there, so nothing typed is lost on the way. */
const MAX_TASK_CHARS = 50_000;

/** Where an unsent message is kept, so hiding the view (which unloads the page) loses nothing typed. */
export interface DraftStore {
  load(): string;
  save(text: string): void;
}

export class Composer {
  readonly root = element('div', 'composer');
  private readonly _input = element('textarea', 'composer-input');
  private readonly _send = button('Send', 'composer-send', { icon: 'send' });
  private readonly _newTask = button('New Task', 'composer-new', { icon: 'add', secondary: true, title: 'Start a new task: Loupe forgets this conversation' });
  private _running = false;
  private _conversation = false;
  /** What was sent and not yet answered: the box keeps its text until the host says a task started. */
  private _pending: string | undefined;
  private readonly _mentions: MentionCompletion;

  constructor(
    private readonly _requests: HostRequests,
    private readonly _draft: DraftStore,
  ) {
    this._input.rows = 2;
    this._input.value = _draft.load();
    this._input.maxLength = MAX_TASK_CHARS;
    this._input.setAttribute('aria-label', 'Message to Loupe');
    this._mentions = new MentionCompletion(this._input, _requests, () => this._conversation);
    this._input.addEventListener('keydown', (event) => {
      // While the completion list is open, it has the arrows, Enter, Tab and Escape.
      if (this._mentions.handleKey(event)) return;
      // Enter sends; Shift+Enter is a new line, and Enter that finishes an IME composition is neither.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      this._submit(this._conversation);
    });
    this._input.addEventListener('input', () => {
      this._draft.save(this._input.value);
      this._update();
      this._mentions.update();
    });
    // The caret moved into or out of a mention without typing.
    this._input.addEventListener('click', () => this._mentions.update());
    this._input.addEventListener('keyup', (event) => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) this._mentions.update();
    });
    this._send.addEventListener('click', () => this._submit(this._conversation));
    this._newTask.addEventListener('click', () => this._submit(false));
    const actions = element('div', 'composer-actions');
    actions.append(this._newTask, this._send);
    this.root.append(this._mentions.list, this._input, actions);
    this._update();
  }

  /** While a task runs the box can be written in but nothing is sent. */
  setRunning(running: boolean): void {
    this._running = running;
    this._update();
  }

  /** A task has run in this panel: Send now replies in its conversation, New Task starts afresh. */
  setConversation(has: boolean): void {
    this._conversation = has;
    this._update();
  }

  private _submit(continueConversation: boolean): void {
    const text = this._input.value.trim();
    if (this._running || this._pending || text === '') return;
    this._mentions.close();
    this._pending = text;
    this._update();
    void this._requests.ask('send-task', { text, continue: continueConversation }).then(({ started }) => this._answered(text, started));
  }

  /**
   * The host's answer to a send. A task started: the box is cleared (unless the user has written
   * something else since). Refused (no key, Restricted Mode, a task already running): the text stays,
   * and the host has said why.
   */
  private _answered(text: string, started: boolean): void {
    this._pending = undefined;
    if (started && this._input.value.trim() === text) {
      this._input.value = '';
      this._draft.save('');
    }
    this._update();
  }

  private _update(): void {
    const empty = this._input.value.trim() === '';
    const free = !this._running && !this._pending && !empty;
    setEnabled(this._send, free);
    setEnabled(this._newTask, free);
    this._newTask.hidden = !this._conversation;
    this._send.title = this._conversation ? 'Reply in this conversation (Enter)' : 'Start this task (Enter)';
    // Short enough for the box's two lines in a 300 px side bar.
    this._input.placeholder = this._running
      ? 'Loupe is working: write your next message here'
      : this._conversation
        ? 'Reply to Loupe to go on with this task (Shift+Enter for a new line)'
        : 'Describe a task for Loupe in this folder (@ to mention a file)';
  }
}
