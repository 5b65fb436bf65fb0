// The Loupe panel's script: says `ready`, then draws each message the host posts. Each `ready-ack`
// starts a fresh drawing: the host follows it with the last session's messages (a replay), so the
// page needs no state of its own when it is hidden, reopened or reloaded.
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import { hasWork, ProofOfWorkCollector } from './proofOfWork';
import { proofOfWorkCard } from './proofOfWorkCard';
import { HostRequests } from './hostRequests';
import { TranscriptView } from './transcriptView';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
// VS Code keeps a webview's state while it is hidden and unloaded: the unsent message lives there.
const draft = {
  load: () => {
    const state = vscode.getState() as { draft?: unknown } | undefined;
    return typeof state?.draft === 'string' ? state.draft : '';
  },
  save: (text: string) => vscode.setState({ draft: text }),
};
const root = document.getElementById('app') ?? document.body;
const post = (message: WebviewMessage) => vscode.postMessage(message);
// Asks outlive a redraw: an answer to one sent before a ready-ack still settles it.
const asks = new HostRequests(post);
let view = new TranscriptView(root, post, asks, draft);
let proof = new ProofOfWorkCollector();

window.addEventListener('message', (message: MessageEvent<HostMessage>) => {
  // Only the host posts into this page; its messages are typed at the source.
  const data = message.data;
  proof.add(data);
  switch (data.type) {
    case 'ready-ack':
      root.replaceChildren();
      view = new TranscriptView(root, post, asks, draft);
      proof = new ProofOfWorkCollector();
      view.setRunning(data.running);
      view.setThinking(data.thinking);
      view.setModel(data.model);
      return;
    case 'model':
      view.setModel(data.id);
      return;
    case 'thinking':
      view.setThinking(data.on);
      return;
    case 'change-review':
      view.review(data.review);
      return;
    case 'question':
      view.question(data.question);
      return;
    case 'session-started':
      view.started(data.task, data.model, data.folder, data.attachments);
      return;
    case 'follow-up':
      view.followUp(data.text, data.attachments);
      return;
    case 'event':
      view.render(data.event);
      return;
    case 'session-ended': {
      const summary = proof.summary();
      view.ended(data.outcome, hasWork(summary) ? proofOfWorkCard(summary) : undefined);
      return;
    }
    case 'notice':
      view.notice(data.message);
      return;
    case 'attempts':
      view.attempts(data.comparison);
      return;
    case 'answer':
      asks.settle(data);
      return;
    default: {
      const _exhaustive: never = data;
      return;
    }
  }
});

post({ type: 'ready' });
