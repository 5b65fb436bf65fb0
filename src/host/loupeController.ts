// What Loupe's commands do, loaded on first use (a command, or the Loupe view opening) so activation
// stays cheap: it owns the panel pages, the running session, the change reviews, the checkpoints and
// the API key in SecretStorage.
import * as vscode from 'vscode';
import type { AgentSession, SessionHistory } from '../agent/session';
import type { AnswerMessage, AskMessage, HostMessage, Taken } from '../shared/protocol';
import { ChangeReviews } from './changeReviews';
import { DiffReview } from './diffReview';
import type { PanelRequest } from './loupeWebview';
import { attachmentLabel, type Attachment } from '../agent/context/taskAttachments';
import { DisposableOwner } from './disposableOwner';
import { FolderCheckpoints } from './folderCheckpoints';
import { selectionAttachment } from './editorSelection';
import { PanelHub } from './panelHub';
import { PanelMentions } from './panelMentions';
import { AttemptComparisons, askForAttempts, type TaskSlot } from './attemptComparisons';
import { PanelApprover } from './panelApprover';
import { PendingQuestions } from './pendingQuestions';
import { LoupeStatusBar } from './loupeStatusBar';
import { LoupeTerminal } from './loupeTerminal';
import { pickModel } from './modelPicker';
import { ScreenshotViewer } from './screenshotViewer';
import { NO_FOLDER_MESSAGE, runTask } from './runTask';
import { ApiKeyStore } from './apiKeyStore';
import { decideAllChanges, decideHunk, decideShownChange } from './reviewCommands';
import { chooseTaskFolder } from './taskFolder';
import { BUSY_MESSAGE, readyToRun, type Ready } from './taskReadiness';
import { readSettings } from './settings';
import { AttemptsCostPreview, costHistoryIn } from './taskCosts';
import type { CostHistory } from '../agent/model/costHistory';
import { errorText } from '../shared/errorText';

export class LoupeController extends DisposableOwner {
  private readonly _panel: PanelHub;
  private _session: AgentSession | undefined;
  /** The running task's one cancellation, made when it starts: Stop works from the first moment. */
  private _task: AbortController | undefined;
  private _running = false;
  /** The last task's conversation in this window (and its folder): a reply from the panel carries it on. */
  private _conversation: { folder: string; history: SessionHistory } | undefined;
  // Disposed newest first (DisposableOwner): the listeners below go before the panel, the panel before the
  // reviews (a disposed ChangeReviews settles its reviews, which must not reach the panel).
  private readonly _statusBar = this._register(new LoupeStatusBar());
  private readonly _reviews = this._register(new ChangeReviews());
  private readonly _questions = this._register(new PendingQuestions());
  private readonly _diffReview = this._register(new DiffReview(this._reviews));
  private readonly _screenshots: ScreenshotViewer;
  private readonly _terminal = this._register(new LoupeTerminal(() => this._task?.abort()));
  private readonly _mentions = this._register(new PanelMentions());
  private readonly _comparisons = this._register(new AttemptComparisons());
  private readonly _keys: ApiKeyStore;
  /** The panel's toggle; starts from the `loupe.thinking` setting. */
  private _thinking = readSettings().thinking;
  private readonly _checkpoints: FolderCheckpoints;
  /** The folder the current (or last) task ran in: its panel's checkpoints belong to it. */
  private _taskFolder: vscode.Uri | undefined;
  /** `loupe.model`, kept current by a configuration listener so the panel's state costs no settings read. */
  private _model = readSettings().model;
  /** Loupe's own storage (this workspace's, else global): checkpoints, screenshots, the saved transcript. */
  private readonly _storage: vscode.Uri;
  /** What finished tasks cost, per user (global storage): best-of-N's estimate comes from it. */
  private readonly _costHistory: CostHistory;

  constructor(
    private readonly _context: vscode.ExtensionContext,
    private readonly _log: vscode.LogOutputChannel,
  ) {
    super();
    this._storage = _context.storageUri ?? _context.globalStorageUri;
    this._keys = new ApiKeyStore(_context.secrets);
    this._costHistory = costHistoryIn(_context.globalStorageUri);
    this._screenshots = new ScreenshotViewer(this._storage);
    this._checkpoints = new FolderCheckpoints(this._storage);
    this._panel = this._register(new PanelHub(_context.extensionUri, this._storage, () => ({ running: this._running, thinking: this._thinking, model: this._model }), _log));
    // However the model changes (the picker, the Settings editor, settings.json), the panel shows what the next task uses.
    this._register(
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (!change.affectsConfiguration('loupe.model')) return;
        this._model = readSettings().model;
        this._panel.post({ type: 'model', id: this._model });
      }),
    );
    this._register(this._reviews.onDidUpdate((review) => this._panel.post({ type: 'change-review', review })));
    this._register(this._questions.onDidUpdate((question) => this._panel.post({ type: 'question', question })));
    this._register(this._panel.onDidReceive(({ request, column, answer }) => this._fromPanel(request, column, answer)));
    this._register(this._panel.onDidRestore(({ sessionCostUsd }) => this._statusBar.showLastCost(sessionCostUsd)));
  }

  /** Loupe: Open Panel: brings Loupe forward where the user keeps it (the editor panel if open, else the view). */
  openPanel(): Promise<void> {
    return this._panel.reveal();
  }

  /** Loupe: Open in Editor (also the view's title button). */
  openInEditor(): void {
    this._panel.openEditorPanel();
  }

  /** VS Code resolved the Loupe view in the activity bar. */
  showInView(view: vscode.WebviewView): void {
    this._panel.attachView(view);
  }

  /** An editor panel from before a window reload. */
  reviveEditorPanel(panel: vscode.WebviewPanel): void {
    this._panel.attachEditorPanel(panel);
  }

  /**
   * Loupe: Run Task: asks for the task and starts it afresh (a reply goes through the panel's box).
   * With text selected in the task's folder, the selection goes with the task.
   */
  async runTask(): Promise<void> {
    const ready = await this._readyToRun();
    if (!ready) return;
    await this._askAndStart(ready, selectionAttachment(ready.folder));
  }

  /** Loupe: Run Task with Attempts…: how many, then the task; the best attempt is proposed to the folder. */
  async runTaskWithAttempts(): Promise<void> {
    const ready = await this._readyToRun();
    if (!ready) return;
    const settings = readSettings();
    const asked = await askForAttempts(settings.attempts, await AttemptsCostPreview.read(this._costHistory, settings.model, settings.maxCostUsd));
    if (asked) await this._start(ready, asked.task, undefined, [], [], asked.count);
  }

  /** What proposing another attempt's changes needs: the task slot (one thing at a time), the review, the panel. */
  private _slotForAttempt(): TaskSlot {
    return { begin: () => this._beginTask()?.signal, end: () => this._endTask(), openCheckpoints: (folder) => this._checkpoints.open(folder), approver: new PanelApprover(this._reviews, this._questions), post: (message) => this._panel.post(message) };
  }

  /** One thing at a time: the cancellation (Stop) for what starts now, or undefined while something runs. */
  private _beginTask(): AbortController | undefined {
    if (this._running) return undefined;
    this._running = true;
    this._task = new AbortController();
    return this._task;
  }

  private _endTask(): void {
    this._running = false;
    this._session = undefined;
    this._task = undefined;
  }

  /** Loupe: Run Task on Selection (the editor's context menu): the task is about the selected lines. */
  async runTaskOnSelection(): Promise<void> {
    const ready = await this._readyToRun(vscode.window.activeTextEditor ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)?.uri.toString() : undefined);
    if (!ready) return;
    const selection = selectionAttachment(ready.folder);
    if (!selection) return void vscode.window.showInformationMessage('Select the lines the task is about in a file of this folder, then run Loupe: Run Task on Selection.');
    await this._askAndStart(ready, selection);
  }

  private async _askAndStart(ready: Ready, selection: Attachment | undefined): Promise<void> {
    const where = selection ? ` (with ${attachmentLabel(selection)} selected)` : '';
    const task = await vscode.window.showInputBox({ title: 'Loupe: Run Task', prompt: `What should Loupe do in this folder${where}?`, placeHolder: 'e.g. Fix the failing test', ignoreFocusOut: true });
    if (!task?.trim()) return;
    await this._start(ready, task.trim(), undefined, selection ? [selection] : []);
  }

  /**
   * The panel's box: a new task, or a reply that carries on the last task's conversation. The box is
   * answered either way, so it clears only when a task starts and keeps the text when it is refused.
   */
  private async _sendFromPanel(text: string, carryOn: boolean, answer: (started: boolean) => void): Promise<void> {
    const ready = await this._readyToRun(carryOn ? this._conversation?.folder : undefined);
    answer(ready !== undefined);
    if (!ready) return;
    const conversation = carryOn && this._conversation?.folder === ready.folder.toString() ? this._conversation : undefined;
    if (carryOn && !conversation) {
      // The conversation lives in this window only (a reload, or another folder, ends it); the transcript is kept.
      this._panel.post({ type: 'notice', message: 'The earlier conversation is no longer open (it ends with a window reload or a change of folder), so this starts a new task.' });
    }
    // The files the text's @mentions name in the task's folder go with it; the panel hears of those that name none.
    const { attachments, notices } = await this._mentions.attachments(ready.folder, text);
    await this._start(ready, text, conversation?.history, attachments, notices);
  }

  /** The folder and key to run a task with (taskReadiness.ts), or undefined once the user has been told why not. */
  private async _readyToRun(preferred?: string): Promise<Ready | undefined> {
    if (this._running) {
      void vscode.window.showWarningMessage(BUSY_MESSAGE);
      return undefined;
    }
    return readyToRun({
      preferred,
      keys: this._keys,
      log: this._log,
      restricted: async (message) => {
        this._panel.post({ type: 'notice', message });
        await this.openPanel();
      },
    });
  }

  private async _start(ready: Ready, task: string, continueFrom: SessionHistory | undefined, attachments: Attachment[] = [], notices: string[] = [], attempts = 1): Promise<void> {
    const { folder, folderName, apiKey } = ready;
    this._taskFolder = folder;
    await this.openPanel();
    const post = (message: HostMessage) => {
      this._statusBar.update(message);
      this._terminal.update(message);
      this._panel.post(message);
    };
    const cancellation = this._beginTask();
    // Only a second start in the moment between the checks and here finds the slot taken.
    if (!cancellation) return void vscode.window.showWarningMessage(BUSY_MESSAGE);
    this._reviews.clearDecided();
    try {
      await this._screenshots.clear();
      if (!continueFrom) this._conversation = undefined;
      await runTask(folder, {
        task,
        apiKey,
        post,
        log: this._log,
        reviews: this._reviews,
        questions: this._questions,
        thinking: this._thinking,
        signal: cancellation.signal,
        openCheckpoints: () => this._checkpoints.open(folder),
        attachments,
        notices,
        ...(folderName ? { folderName } : {}),
        onSessionCreated: (session) => (this._session = session),
        costHistory: this._costHistory,
        ...(continueFrom ? { continueFrom } : {}),
        onConversation: (history) => (this._conversation = { folder: folder.toString(), history }),
        ...(attempts > 1 ? { attempts: { count: attempts, storage: this._storage, onComparison: (kept) => this._comparisons.keep(kept) } } : {}),
      });
    } catch (error) {
      const message = errorText(error);
      this._log.error(`Run Task failed: ${message}`);
      this._panel.post({ type: 'notice', message: `Loupe could not run the task: ${message}` });
    } finally {
      this._endTask();
    }
  }

  stop(): void {
    if (!this._task) {
      void vscode.window.showInformationMessage('Loupe is not working on a task.');
      return;
    }
    this._log.info('Stop requested.');
    this._task.abort();
  }

  /** Accept All / Reject All Changes, the diff editor's buttons and lenses, Accept / Reject Hunk (reviewCommands.ts). */
  decideAll(accept: boolean): void {
    decideAllChanges(this._reviews, this._log, accept);
  }

  decideShownChange(accept: boolean, uri?: vscode.Uri): void {
    decideShownChange(this._reviews, accept, uri);
  }

  decideHunk(id: unknown, hunk: unknown, accept: boolean): void {
    decideHunk(this._reviews, id, hunk, accept);
  }

  toggleThinking(): void {
    this._setThinking(!this._thinking);
    void vscode.window.showInformationMessage(`Loupe: extended thinking ${this._thinking ? 'on' : 'off'} from the next turn.`);
  }

  /** Loupe: Restore Checkpoint…: pick one of this folder's checkpoints, newest first. */
  async pickCheckpoint(): Promise<void> {
    const choice = await chooseTaskFolder('Restore a checkpoint of which folder?');
    if (choice.kind === 'none') return void vscode.window.showErrorMessage(NO_FOLDER_MESSAGE);
    if (choice.kind === 'cancelled') return;
    const picked = await this._checkpoints.pick(choice.folder.uri);
    if (picked) await this.restoreCheckpoint(picked.id, picked.label, choice.folder.uri);
  }

  /** A checkpoint of `folder`; from the panel, of the folder its task ran in. */
  async restoreCheckpoint(id: string, label?: string, folder = this._taskFolder): Promise<void> {
    if (this._running) return void vscode.window.showWarningMessage('Stop the task before restoring a checkpoint (Loupe: Stop).');
    if (!folder) return void vscode.window.showErrorMessage('That checkpoint belongs to a task of an earlier window: use Loupe: Restore Checkpoint… to pick one of this folder\'s.');
    const message = await this._checkpoints.restore(folder, id, label);
    if (!message) return;
    this._log.info(message);
    this._panel.post({ type: 'notice', message });
  }

  /** Loupe: Select Model…: the Models API's list in a quick pick; the choice goes to `loupe.model`. */
  async selectModel(): Promise<void> {
    const apiKey = await this._keys.get();
    if (!apiKey) return this._keys.askForKey();
    // The choice reaches the panel through the configuration listener.
    await pickModel(apiKey, this._model, this._log);
  }

  setApiKey(): Promise<void> {
    return this._keys.set();
  }

  private _fromPanel(message: PanelRequest, column: vscode.ViewColumn | undefined, answer: (message: AnswerMessage) => void): void {
    const report = (error: unknown) => {
      const text = errorText(error);
      this._log.error(`Panel request ${message.type} failed: ${text}`);
      void vscode.window.showErrorMessage(`Loupe: ${text}`);
    };
    switch (message.type) {
      case 'stop':
        this.stop();
        return;
      case 'ask':
        this._askedFromPanel(message, answer, report);
        return;
      case 'open-diff':
        this._diffReview.open(message.id, column ?? this._panel.editorColumn).catch(report);
        return;
      case 'restore-checkpoint':
        this.restoreCheckpoint(message.id).catch(report);
        return;
      case 'set-thinking':
        this._setThinking(message.on);
        return;
      case 'pick-model':
        this.selectModel().catch(report);
        return;
      case 'open-screenshot': {
        const shot = this._panel.screenshot(message.id);
        if (!shot) return void vscode.window.showInformationMessage('That screenshot is no longer kept (the panel keeps the first and the newest of a long session).');
        this._screenshots.open(shot.event, column, shot.number).catch(report);
        return;
      }
      default: {
        const _exhaustive: never = message;
        return;
      }
    }
  }

  /** An ask from the page, answered to that page: a decision that finds nothing waiting says so, and the card shows it. */
  private _askedFromPanel(message: AskMessage, answer: (message: AnswerMessage) => void, report: (error: unknown) => void): void {
    const { request } = message;
    const taken = (done: boolean, why: string): Taken => (done ? { taken: true } : { taken: false, why });
    switch (message.name) {
      case 'send-task':
        this._sendFromPanel(message.ask.text, message.ask.continue, (started) => answer({ type: 'answer', request, name: 'send-task', answer: { started } })).catch(report);
        return;
      case 'decide-change':
        answer({ type: 'answer', request, name: 'decide-change', answer: taken(this._reviews.decideChange(message.ask.id, message.ask.accept), 'This change is no longer waiting for review.') });
        return;
      case 'decide-hunk':
        answer({ type: 'answer', request, name: 'decide-hunk', answer: taken(this._reviews.decideHunk(message.ask.id, message.ask.hunk, message.ask.accept), 'This hunk is no longer waiting for review.') });
        return;
      case 'answer-question':
        answer({ type: 'answer', request, name: 'answer-question', answer: taken(this._questions.answer(message.ask.id, message.ask.choice), 'This question is no longer waiting for an answer.') });
        return;
      case 'mention-files':
        void this._mentions.candidates(message.ask.query, message.ask.continue ? this._conversation?.folder : undefined).then((found) => answer({ type: 'answer', request, name: 'mention-files', answer: found }));
        return;
      case 'open-attempt-diff':
        void this._comparisons.openDiff(message.ask.id, message.ask.attempt).then((taken) => answer({ type: 'answer', request, name: 'open-attempt-diff', answer: taken }));
        return;
      case 'use-attempt':
        void this._comparisons.use(message.ask.id, message.ask.attempt, this._slotForAttempt()).then((taken) => answer({ type: 'answer', request, name: 'use-attempt', answer: taken }));
        return;
      default: {
        const _exhaustive: never = message;
        return;
      }
    }
  }

  private _setThinking(on: boolean): void {
    this._thinking = on;
    // A running session switches at its next user turn; a new task starts with it.
    this._session?.setThinking(on);
    this._log.info(`Extended thinking ${on ? 'on' : 'off'}.`);
    this._panel.post({ type: 'thinking', on });
  }

  override dispose(): void {
    this._task?.abort();
    super.dispose();
  }
}
