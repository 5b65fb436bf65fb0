// The `@` completion of the panel's box: while the caret is in a mention (src/shared/mentions.ts),
// a list of the folder's files whose path contains what follows the `@`, asked of the host; Up and
// Down move, Enter or Tab picks, Escape closes, a click picks. The box is an ARIA combobox and the
// list its listbox, so a screen reader follows the choice as the keys move it.
import type { HostRequests } from './hostRequests';
import { mentionAtCaret } from '../shared/mentions';
import { element } from './dom';

/** A pause in typing this long sends the ask: a word typed fast is one search, not one per letter. */
const ASK_AFTER_PAUSE_MS = 120;
const LIST_ID = 'mention-list';

export class MentionCompletion {
  readonly list = element('ul', 'mention-list');
  private _paths: string[] = [];
  private _active = -1;
  /** The mention the list is for (where its `@` is), undefined while the list is closed. */
  private _start: number | undefined;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest ask's answer is drawn; an older one may arrive after it. */
  private _newest = 0;

  constructor(
    private readonly _input: HTMLTextAreaElement,
    private readonly _requests: HostRequests,
    /** Whether the box's next message is a reply (its files come from that conversation's folder). */
    private readonly _replying: () => boolean,
  ) {
    this.list.id = LIST_ID;
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Files to mention');
    this.list.hidden = true;
    _input.setAttribute('role', 'combobox');
    _input.setAttribute('aria-autocomplete', 'list');
    _input.setAttribute('aria-controls', LIST_ID);
    _input.setAttribute('aria-expanded', 'false');
    // The box keeps the focus (and its caret) when the list is clicked.
    this.list.addEventListener('mousedown', (event) => event.preventDefault());
    _input.addEventListener('blur', () => this.close());
  }

  /** The text or the caret changed: ask for the mention now under the caret, or close the list. */
  update(): void {
    const mention = this._input.selectionStart === this._input.selectionEnd ? mentionAtCaret(this._input.value, this._input.selectionStart) : undefined;
    clearTimeout(this._timer);
    if (!mention) return this.close();
    this._timer = setTimeout(() => this._ask(mention.start, mention.query), ASK_AFTER_PAUSE_MS);
  }

  /** A key in the box: true when the list took it (the box must not act on it too). */
  handleKey(event: KeyboardEvent): boolean {
    if (this.list.hidden || event.isComposing) return false;
    const choices = this._paths.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (choices === 0) return false;
        this._setActive((this._active + (event.key === 'ArrowDown' ? 1 : choices - 1)) % choices);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || this._active < 0) return false;
        this._pick(this._active);
        break;
      case 'Escape':
        this.close();
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  close(): void {
    clearTimeout(this._timer);
    this._newest++;
    this._start = undefined;
    this._paths = [];
    this._active = -1;
    this.list.hidden = true;
    this.list.replaceChildren();
    this._input.setAttribute('aria-expanded', 'false');
    this._input.removeAttribute('aria-activedescendant');
  }

  private _ask(start: number, query: string): void {
    const ask = ++this._newest;
    void this._requests.ask('mention-files', { query, continue: this._replying() }).then((answer) => {
      if (ask !== this._newest || answer.superseded) return;
      this._show(start, answer.paths, answer.note);
    });
  }

  private _show(start: number, paths: string[], note: string | undefined): void {
    this._start = start;
    this._paths = paths;
    this.list.replaceChildren(...paths.map((path, index) => this._option(path, index)));
    if (paths.length === 0) {
      // Said in the list's place, as an option that cannot be picked, so the list explains itself.
      const empty = element('li', 'mention-empty', note ?? 'No matching file.');
      empty.setAttribute('role', 'option');
      empty.setAttribute('aria-disabled', 'true');
      this.list.append(empty);
    }
    this.list.hidden = false;
    this._input.setAttribute('aria-expanded', 'true');
    this._setActive(paths.length > 0 ? 0 : -1);
  }

  private _option(path: string, index: number): HTMLLIElement {
    const slash = path.lastIndexOf('/');
    const option = element('li', 'mention-option');
    option.id = `${LIST_ID}-${index}`;
    option.setAttribute('role', 'option');
    option.title = path;
    // The file's name first, its folder after it, dimmed: the name is what the eye looks for.
    option.append(element('span', 'mention-name', path.slice(slash + 1)));
    if (slash > 0) option.append(element('span', 'mention-folder', path.slice(0, slash)));
    option.addEventListener('click', () => this._pick(index));
    return option;
  }

  private _setActive(index: number): void {
    this._active = index;
    for (const [position, option] of [...this.list.querySelectorAll('.mention-option')].entries()) option.setAttribute('aria-selected', String(position === index));
    const active = index >= 0 ? this.list.querySelector<HTMLElement>(`#${LIST_ID}-${index}`) : null;
    if (!active) return this._input.removeAttribute('aria-activedescendant');
    this._input.setAttribute('aria-activedescendant', active.id);
    active.scrollIntoView({ block: 'nearest' });
  }

  /** Puts `@path` in the mention's place (the whole word the caret is in) and a space after it. */
  private _pick(index: number): void {
    const path = this._paths[index];
    const start = this._start;
    if (path === undefined || start === undefined) return;
    const text = this._input.value;
    let end = this._input.selectionStart;
    while (end < text.length && !/\s/.test(text[end]!)) end++;
    const inserted = `@${path}${text[end] === ' ' ? '' : ' '}`;
    this._input.value = text.slice(0, start) + inserted + text.slice(end);
    const caret = start + inserted.length + (text[end] === ' ' ? 1 : 0);
    this._input.setSelectionRange(caret, caret);
    this.close();
    // The box saves its draft and enables Send on input, as for typing.
    this._input.dispatchEvent(new Event('input'));
  }
}
