// The page's side of asking the host (protocol.ts, PanelAnswers): each ask gets an id, and the
// host's answer, sent to this page only, settles the promise of that ask.
import type { AnswerMessage, AskName, AskOf, PanelAnswers, WebviewMessage } from '../shared/protocol';

export class HostRequests {
  private readonly _waiting = new Map<string, (answer: PanelAnswers[AskName]) => void>();
  private _next = 0;

  constructor(private readonly _post: (message: WebviewMessage) => void) {}

  ask<K extends AskName>(name: K, ask: AskOf<K>): Promise<PanelAnswers[K]> {
    // Unique within this page's life: a reloaded page is a new one, with nothing waiting.
    const request = `${name}-${Date.now().toString(36)}-${++this._next}`;
    return new Promise((resolve) => {
      this._waiting.set(request, resolve as (answer: PanelAnswers[AskName]) => void);
      this._post({ type: 'ask', request, name, ask } as WebviewMessage);
    });
  }

  /** The host's answer: settles the ask it names (an answer to no ask of this page is dropped). */
  settle(message: AnswerMessage): void {
    const resolve = this._waiting.get(message.request);
    if (!resolve) return;
    this._waiting.delete(message.request);
    resolve(message.answer);
  }
}
