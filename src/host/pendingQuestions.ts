// The questions tool calls wait on (run this command? reach this host?), asked in two places at once:
// the panel's card, where the user is looking, and a notification, which points at it when the panel
// is hidden. The first answer decides; the other place then shows it. A closed notification is not an
// answer (the card still waits), and a stopped task settles the question unanswered.
import * as vscode from 'vscode';
import type { PendingQuestion } from '../shared/protocol';

/** How a question is also put to the user outside the panel (a notification); undefined when dismissed. */
export type Notify = (text: string, choices: string[]) => Thenable<string | undefined>;

interface Waiting {
  question: PendingQuestion;
  settle(choice: string | undefined): void;
}

export class PendingQuestions implements vscode.Disposable {
  private readonly _onDidUpdate = new vscode.EventEmitter<PendingQuestion>();
  /** A question appeared or was settled. */
  readonly onDidUpdate = this._onDidUpdate.event;
  private readonly _waiting = new Map<string, Waiting>();
  private _nextId = 1;

  /** The choice the user made, or undefined if the task stopped first. */
  ask(text: string, choices: string[], signal: AbortSignal, notify: Notify): Promise<string | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    const id = `question-${this._nextId++}`;
    const question: PendingQuestion = { id, text, choices };
    return new Promise((resolve) => {
      const onAbort = () => this._finish(id, undefined);
      this._waiting.set(id, {
        question,
        settle: (choice) => {
          signal.removeEventListener('abort', onAbort);
          resolve(choice);
        },
      });
      signal.addEventListener('abort', onAbort, { once: true });
      this._onDidUpdate.fire(question);
      notify(text, choices).then(
        (choice) => {
          if (choice !== undefined) this._finish(id, choice);
        },
        () => undefined,
      );
    });
  }

  /** An answer from the panel; false when the question is not waiting or the choice is not one of its own. */
  answer(id: string, choice: string): boolean {
    const waiting = this._waiting.get(id);
    if (!waiting || !waiting.question.choices.includes(choice)) return false;
    this._finish(id, choice);
    return true;
  }

  private _finish(id: string, choice: string | undefined): void {
    const waiting = this._waiting.get(id);
    if (!waiting) return;
    this._waiting.delete(id);
    const settled: PendingQuestion = choice === undefined ? { ...waiting.question, unanswered: true } : { ...waiting.question, answer: choice };
    this._onDidUpdate.fire(settled);
    waiting.settle(choice);
  }

  dispose(): void {
    for (const id of [...this._waiting.keys()]) this._finish(id, undefined);
    this._onDidUpdate.dispose();
  }
}
