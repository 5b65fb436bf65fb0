// The Loupe panel's script: says `ready`, then draws each message the host posts.
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import { TranscriptView } from './transcriptView';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
const view = new TranscriptView(root, (message) => vscode.postMessage(message));

window.addEventListener('message', (message: MessageEvent<HostMessage>) => {
  // Only the host posts into this page; its messages are typed at the source.
  const data = message.data;
  switch (data.type) {
    case 'ready-ack':
      view.setRunning(data.running);
      view.setThinking(data.thinking);
      return;
    case 'thinking':
      view.setThinking(data.on);
      return;
    case 'change-review':
      view.review(data.review);
      return;
    case 'session-started':
      view.started(data.task, data.model);
      return;
    case 'event':
      view.render(data.event);
      return;
    case 'session-ended':
      view.ended(data.outcome);
      return;
    case 'notice':
      view.notice(data.message);
      return;
    default: {
      const _exhaustive: never = data;
      return;
    }
  }
});

vscode.postMessage({ type: 'ready' });
