// Draws a session's transcript in the panel's DOM, one event at a time. Tool output, thinking and
// everything else is only ever set as textContent; the model's answer is Markdown rendered by
// markdownBlock.ts with raw HTML off.
import { describeCompaction } from '../shared/compactionReport';
import { describeCall, describeExit, toolResultFailed } from '../shared/toolReport';
import { Composer, type DraftStore } from './composer';
import type { HostRequests } from './hostRequests';
import { foldLongOutput, showAllOnClick, showResult } from './transcriptEntries';
import type { PlanItem, SessionOutcome, TranscriptEvent } from '../shared/transcriptEvents';
import { MAX_LIVE_OUTPUT_CHARS, type AttemptsComparison, type ChangeReview, type PendingQuestion, type WebviewMessage } from '../shared/protocol';
import { element } from './dom';
import { button, checkbox, collapsible, setEnabled } from './elements';
import { MarkdownBlock } from './markdownBlock';
import { modelLabel } from './modelLabel';
import { RequestLog } from './requestLog';
import { describeDecision, describeOutcome } from './outcomeText';
import { QuestionCard } from './questionCard';
import { attemptsCard } from './attemptsCard';
import { ReviewCard } from './reviewCard';

const PLAN_MARKS: Record<PlanItem['status'], string> = { pending: '○', in_progress: '◐', done: '●' };


export class TranscriptView {
  private readonly _status = element('span', 'status', 'Idle');
  private readonly _usage = element('button', 'usage');
  private readonly _requests = new RequestLog();
  private readonly _stop = button('Stop', 'stop', { icon: 'debug-stop', secondary: true, title: 'Stop the task (Loupe: Stop)' });
  private readonly _thinkingToggle = checkbox('Thinking', 'thinking-toggle');
  private readonly _model = button('', 'model', { secondary: true, title: 'The model for the next task: click to pick another (Loupe: Select Model…)' });
  private readonly _reviews = new Map<string, ReviewCard>();
  private readonly _questions = new Map<string, QuestionCard>();
  /** The newest screenshot's frame: a click marker goes on the screenshot the model acted on. */
  private _lastShot: { frame: HTMLElement; width: number; height: number } | undefined;
  private readonly _task = element('div', 'task');
  private readonly _plan = element('ol', 'plan');
  private readonly _log = element('div', 'transcript');
  /** Per tool call; `output` is the live output's text node, appended to (re-setting it would copy it all per chunk). */
  private readonly _tools = new Map<string, { card: HTMLElement; block: HTMLDetailsElement; output: Text; result: HTMLElement }>();
  /** Elements drawn during the current model turn: a retried request's partial output is removed. */
  private _turnNodes: HTMLElement[] = [];
  /** The answer block being streamed: its Markdown is re-rendered at most once a frame, not once per delta. */
  private _text: MarkdownBlock | undefined;
  private _thinking: Text | undefined;
  private _scrollQueued = false;
  private _tokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  private readonly _composer: Composer;

  constructor(
    root: HTMLElement,
    private readonly _post: (message: WebviewMessage) => void,
    private readonly _asks: HostRequests,
    draft: DraftStore,
  ) {
    this._composer = new Composer(_asks, draft);
    const header = element('header', 'header');
    this._thinkingToggle.addEventListener('change', () => _post({ type: 'set-thinking', on: this._thinkingToggle.checked }));
    this._thinkingToggle.title = 'Extended thinking for the next turn';
    header.append(element('span', 'title', 'Loupe'), this._status, this._stop, this._model, this._thinkingToggle, this._usage);
    this._model.addEventListener('click', () => _post({ type: 'pick-model' }));
    this._usage.type = 'button';
    this._usage.addEventListener('click', () => this._requests.toggle());
    setEnabled(this._stop, false);
    this._stop.addEventListener('click', () => {
      if (this._stop.disabled) return;
      setEnabled(this._stop, false);
      this._status.textContent = 'Stopping…';
      _post({ type: 'stop' });
    });
    this._plan.hidden = true;
    this._task.hidden = true;
    const empty = element('p', 'empty', 'Describe a task in the box below, or run "Loupe: Run Task" from the Command Palette, to give Loupe a task in this folder.');
    this._log.append(empty);
    // The task and the plan stay in view above the scrolling transcript: they say where the work stands.
    const top = element('div', 'top');
    top.append(header, this._requests.root, this._task, this._plan);
    root.append(top, this._log, this._composer.root);
  }

  setRunning(running: boolean): void {
    setEnabled(this._stop, running);
    this._composer.setRunning(running);
    if (!running) return;
    this._status.textContent = 'Working…';
    // The last run's Done / Failed colour is not this run's.
    delete this._status.dataset.kind;
  }

  setThinking(on: boolean): void {
    this._thinkingToggle.checked = on;
  }

  setModel(id: string): void {
    this._model.textContent = modelLabel(id);
    this._model.title = `Model for the next task: ${id}. Click to pick another (Loupe: Select Model…)`;
  }

  /** A change to review appears as a card; later states of the same change redraw that card. */
  review(review: ChangeReview): void {
    const known = this._reviews.get(review.id);
    if (known) {
      known.update(review);
      return;
    }
    const card = new ReviewCard(review, this._post, this._asks);
    this._reviews.set(review.id, card);
    this._log.querySelector('.empty')?.remove();
    this._log.append(card.root);
    this._scroll();
  }

  /**
   * A question a tool call waits on goes into that call's card, above its "…": the running card is the
   * newest one, since calls run one at a time. Later states of the same question redraw it in place.
   */
  question(question: PendingQuestion): void {
    const known = this._questions.get(question.id);
    if (known) return known.update(question);
    const card = new QuestionCard(question, this._asks);
    this._questions.set(question.id, card);
    const running = [...this._tools.values()].reverse().find((tool) => tool.card.dataset.state === 'running');
    if (running) running.card.insertBefore(card.root, running.result);
    else {
      this._log.querySelector('.empty')?.remove();
      this._log.append(card.root);
    }
    this._scroll();
  }

  /** A new task: `folder` is named when the window has several (the task runs in that one). */
  started(task: string, model: string, folder?: string, attachments: string[] = []): void {
    this._log.replaceChildren();
    this._tools.clear();
    this._reviews.clear();
    this._questions.clear();
    this._lastShot = undefined;
    this._plan.replaceChildren();
    this._plan.hidden = true;
    this._tokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
    this._usage.textContent = '';
    this._requests.clear();
    this._task.hidden = false;
    const text = element('span', 'task-text', task);
    this._task.replaceChildren(element('span', 'label', 'Task'), text, element('span', 'model', model));
    if (folder) this._task.append(element('span', 'task-folder', `in ${folder}`));
    if (attachments.length > 0) this._task.append(element('span', 'task-attachments', `with ${attachments.join(', ')}`));
    showAllOnClick(text);
    this._composer.setConversation(true);
    this.setRunning(true);
  }

  /** The user's reply in this conversation: drawn in the transcript, which goes on below it. */
  followUp(text: string, attachments: string[] = []): void {
    this._endTurn();
    this._log.querySelector('.empty')?.remove();
    // Not one of the turn's nodes: a retried first request must not take the user's words away.
    const block = element('div', 'follow-up');
    block.append(element('span', 'label', 'You'), element('span', 'follow-up-text', text));
    if (attachments.length > 0) block.append(element('span', 'task-attachments', `with ${attachments.join(', ')}`));
    this._log.append(block);
    this._composer.setConversation(true);
    this.setRunning(true);
    this._scroll();
  }

  /** The task is over: its outcome, then `summary` (the proof of work card, if there was work) below the transcript. */
  ended(outcome: SessionOutcome, summary: HTMLElement | undefined): void {
    this.setRunning(false);
    for (const card of this._questions.values()) card.endWaiting();
    this._endTurn();
    const [label, detail, kind] = describeOutcome(outcome);
    this._status.textContent = label;
    this._status.dataset.kind = kind;
    // A failed request was already drawn as the error it ended with: the reason is not said twice.
    const saidAlready = this._log.lastElementChild?.classList.contains('error') && this._log.lastElementChild.textContent === detail;
    if (detail && !saidAlready) this._log.append(element('div', `outcome ${kind}`, detail));
    if (summary) this._log.append(summary);
    this._scroll();
  }

  notice(message: string): void {
    this._log.querySelector('.empty')?.remove();
    this._log.append(element('div', 'notice', message));
    this._scroll();
  }

  /** A best-of-N task's attempts compared (attemptsCard.ts). */
  attempts(comparison: AttemptsComparison): void {
    this._log.querySelector('.empty')?.remove();
    this._log.append(attemptsCard(comparison, this._asks));
    this._scroll();
  }

  render(event: TranscriptEvent): void {
    switch (event.type) {
      case 'turn_start':
        this._endTurn();
        break;
      case 'turn_retry':
        for (const node of this._turnNodes) node.remove();
        this._endTurn();
        this._add(element('div', 'notice', `Retrying (attempt ${event.attempt}): ${event.reason}`));
        break;
      case 'text_delta':
        this._text ??= new MarkdownBlock(this._add(element('div', 'text')));
        this._text.append(event.text);
        break;
      case 'thinking_delta': {
        if (!this._thinking) {
          const block = this._add(collapsible('Thinking', 'thinking'));
          this._thinking = block.appendChild(element('div', 'thinking-text')).appendChild(document.createTextNode(''));
        }
        this._thinking.appendData(event.text);
        break;
      }
      case 'tool_call':
        this._toolCall(event.id, event.name, event.input);
        break;
      case 'tool_output': {
        const tool = this._tools.get(event.id);
        if (tool && tool.output.length < MAX_LIVE_OUTPUT_CHARS) {
          tool.block.hidden = false;
          tool.output.appendData(event.chunk);
        }
        break;
      }
      case 'tool_result': {
        const tool = this._tools.get(event.id);
        if (!tool) break;
        const failed = toolResultFailed(event);
        tool.card.dataset.state = failed ? 'error' : 'ok';
        if (event.confinement) {
          tool.card.dataset.confinement = event.confinement;
          const badge = element('span', 'tool-confinement', event.confinement);
          badge.title = event.confinement === 'sandboxed' ? "Ran in Loupe's sandbox: writes only in the workspace, network only to localhost and allowed domains." : 'Ran with your full access, outside any sandbox.';
          tool.card.querySelector('.tool-head')?.append(badge);
        }
        const exit = describeExit(event.exitCode);
        // A command's output was shown live, and the summary repeats its first lines: a failed
        // command adds only how it ended, an error its message.
        if (!tool.block.hidden && !failed) tool.result.remove();
        else showResult(tool.result, failed, !tool.block.hidden && !event.isError && exit ? exit : event.summary);
        if (!tool.block.hidden) foldLongOutput(tool.block, tool.output, failed);
        break;
      }
      case 'change_decided':
        this._add(element('div', 'decision', `${event.path}: ${describeDecision(event.decision)}`));
        break;
      case 'change_applied':
        // Drawn in the proof of work at the end; the decision line already says it was written.
        break;
      case 'plan':
        this._showPlan(event.items);
        break;
      case 'computer_action':
        this._add(element('div', 'decision', `${event.action} on ${event.target === 'virtual' ? 'the virtual display' : 'your desktop'}`));
        if (event.point && this._lastShot) this._markClick(this._lastShot, event.point, event.action);
        break;
      case 'screenshot':
        this._screenshot(event.id, event.width, event.height, `data:${event.mediaType};base64,${event.dataBase64}`);
        break;
      case 'checkpoint':
        this._checkpoint(event.id, event.label, event.toolUseId);
        break;
      case 'usage':
        this._tokens.input += event.usage.inputTokens;
        this._tokens.output += event.usage.outputTokens;
        this._tokens.cacheWrite += event.usage.cacheWriteTokens;
        this._tokens.cacheRead += event.usage.cacheReadTokens;
        this._usage.textContent = `${this._tokens.input + this._tokens.cacheWrite + this._tokens.cacheRead} in · ${this._tokens.output} out · $${event.sessionCostUsd.toFixed(4)}`;
        this._usage.title = `Input ${this._tokens.input}, cache write ${this._tokens.cacheWrite}, cache read ${this._tokens.cacheRead}, output ${this._tokens.output} tokens. Click for each request.`;
        this._requests.add(event.usage);
        break;
      case 'compacted':
        this._add(element('div', 'notice', describeCompaction(event)));
        break;
      case 'notice':
        this._add(element('div', 'notice', event.message));
        break;
      case 'error':
        this._add(element('div', 'error', event.message));
        break;
      case 'done':
        // session-ended carries the outcome to the panel, also when the session failed to start.
        break;
      default: {
        const _exhaustive: never = event;
        return;
      }
    }
    this._scroll();
  }

  private _toolCall(id: string, name: string, input: unknown): void {
    const card = this._add(element('div', 'tool'));
    card.dataset.state = 'running';
    const { title, detail } = describeCall(name, input);
    const head = element('div', 'tool-head');
    head.append(element('span', 'tool-name', title));
    if (detail) head.append(element('code', 'tool-detail', detail));
    // Live output in a fold of its own: open while the command runs, folded once a long one succeeds.
    const block = element('details', 'tool-output-block');
    block.open = true;
    block.hidden = true;
    const output = document.createTextNode('');
    const pre = element('pre', 'tool-output');
    pre.append(output);
    block.append(element('summary', 'tool-output-summary', 'Output'), pre);
    const result = element('div', 'tool-result', '…');
    card.append(head, block, result);
    this._tools.set(id, { card, block, output, result });
    // Text after a tool call starts a new block.
    this._text = undefined;
  }

  /**
   * A thumbnail with markers where the model clicked on it; a click opens it full size in an editor tab
   * (the side bar is too narrow to enlarge it in place).
   */
  private _screenshot(id: string, width: number, height: number, src: string): void {
    const frame = this._add(element('button', 'screenshot'));
    frame.type = 'button';
    frame.title = `Screenshot ${width}×${height}: click to open it full size`;
    const image = element('img');
    image.alt = `Screenshot ${width}×${height}`;
    image.src = src;
    frame.append(image);
    frame.addEventListener('click', () => this._post({ type: 'open-screenshot', id }));
    this._lastShot = { frame, width, height };
  }

  private _markClick(shot: { frame: HTMLElement; width: number; height: number }, point: { x: number; y: number }, action: string): void {
    const marker = element('span', 'click-marker');
    marker.style.left = `${(100 * point.x) / shot.width}%`;
    marker.style.top = `${(100 * point.y) / shot.height}%`;
    // The action already says where ("left_click at (489, 223)").
    marker.title = action;
    shot.frame.append(marker);
  }

  /**
   * The moment before a step that changed files: "Restore to here" rolls the workspace back to it.
   * Drawn above that step's card (the snapshot is taken once the call is known, so its event comes
   * after the call's): the transcript reads as the state, then what changed it.
   */
  private _checkpoint(id: string, label: string, toolUseId: string): void {
    const row = this._add(element('div', 'checkpoint'));
    this._tools.get(toolUseId)?.card.before(row);
    const name = row.appendChild(element('span', 'checkpoint-label', `Checkpoint ${label}`));
    // A narrow side bar cuts the label short; the whole of it is one hover away.
    name.title = name.textContent ?? '';
    const restore = button('Restore to here', 'restore', { icon: 'history', secondary: true, title: 'Roll the workspace back to this moment (you see what changes first)' });
    restore.addEventListener('click', () => this._post({ type: 'restore-checkpoint', id }));
    row.append(restore);
  }

  private _showPlan(items: PlanItem[]): void {
    this._plan.hidden = items.length === 0;
    this._plan.replaceChildren(
      ...items.map((item) => {
        const row = element('li', `plan-item ${item.status}`);
        row.append(element('span', 'mark', PLAN_MARKS[item.status]), element('span', 'step', item.step));
        return row;
      }),
    );
  }

  private _add<T extends HTMLElement>(node: T): T {
    this._log.append(node);
    this._turnNodes.push(node);
    return node;
  }

  private _endTurn(): void {
    this._turnNodes = [];
    this._text = undefined;
    this._thinking = undefined;
  }

  /**
   * Keeps the newest entry in view, once per frame: reading scrollHeight forces a layout, and doing
   * that for each of a burst of deltas is what made long transcripts slow.
   */
  private _scroll(): void {
    if (this._scrollQueued) return;
    this._scrollQueued = true;
    requestAnimationFrame(() => {
      this._scrollQueued = false;
      window.scrollTo({ top: document.body.scrollHeight });
    });
  }
}
