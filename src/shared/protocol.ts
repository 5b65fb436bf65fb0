// The one typed protocol between the extension host and the Loupe panel's webview. The webview
// says `ready` first; the host validates every message it receives with parseWebviewMessage.
import type { AgentEvent, SessionOutcome } from '../agent/events';

/** Host → webview. Events are posted one by one as they happen, never the whole transcript. */
export type HostMessage =
  /** Answers `ready`: the webview may now expect the rest. `running` says whether a task is under way. */
  | { type: 'ready-ack'; running: boolean }
  | { type: 'session-started'; task: string; model: string }
  | { type: 'event'; event: AgentEvent }
  | { type: 'session-ended'; outcome: SessionOutcome }
  /** Something the user must know that is not part of a session (no key, Restricted Mode…). */
  | { type: 'notice'; message: string };

/** Webview → host. */
export type WebviewMessage =
  /** The webview's script has loaded and listens; sent once per load. */
  | { type: 'ready' }
  /** The user pressed Stop. */
  | { type: 'stop' };

/**
 * The message if it is a well-formed WebviewMessage, else undefined. A webview is a web page: its
 * messages are checked like any other outside input, and extra fields are dropped.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  const known = type as WebviewMessage['type'];
  switch (known) {
    case 'ready':
      return { type: 'ready' };
    case 'stop':
      return { type: 'stop' };
    default: {
      // A new message type must be handled above: this line fails to compile until it is.
      const _exhaustive: never = known;
      return undefined;
    }
  }
}
