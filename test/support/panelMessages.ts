// Typed builders for the messages the host posts to the panel, so tests say what happened
// (a bash call and its result, a decided review) rather than pasting protocol JSON.
import type { HostMessage, ChangeReview } from '../../src/shared/protocol';

export const panel = {
  started: (task = 'Fix the failing test'): HostMessage => ({ type: 'session-started', task, model: 'claude-sonnet-5-5' }),
  ended: (): HostMessage => ({ type: 'session-ended', outcome: { kind: 'completed', finalText: 'Done.' } }),
  text: (text: string): HostMessage => ({ type: 'event', event: { type: 'text_delta', text } }),
  thinking: (text: string): HostMessage => ({ type: 'event', event: { type: 'thinking_delta', text } }),
  call: (id: string, name: string, input: unknown): HostMessage => ({ type: 'event', event: { type: 'tool_call', id, name, input } }),
  bash: (id: string, command: string): HostMessage => panel.call(id, 'bash', { command }),
  output: (id: string, chunk: string): HostMessage => ({ type: 'event', event: { type: 'tool_output', id, chunk } }),
  result: (id: string, name: string, summary: string, options: { isError?: boolean; exitCode?: number | null } = {}): HostMessage => ({
    type: 'event',
    event: { type: 'tool_result', id, name, isError: options.isError ?? false, summary, ...(options.exitCode !== undefined ? { exitCode: options.exitCode } : {}) },
  }),
  plan: (...steps: string[]): HostMessage => ({ type: 'event', event: { type: 'plan', items: steps.map((step) => ({ step, status: 'pending' as const })) } }),
  screenshot: (id: string, dataBase64: string): HostMessage => ({ type: 'event', event: { type: 'screenshot', id, mediaType: 'image/png', width: 1024, height: 640, dataBase64 } }),
  review: (id: string, relativePath: string, hunks: ChangeReview['hunks'], outcome?: ChangeReview['outcome'], created = false): HostMessage => ({
    type: 'change-review',
    review: { id, relativePath, created, hunks, ...(outcome ? { outcome } : {}) },
  }),
  notice: (message: string): HostMessage => ({ type: 'notice', message }),
  /** A change written to `path` with these hunks' lines. */
  applied: (path: string, hunks: string[][], created = false): HostMessage => ({
    type: 'event',
    event: { type: 'change_applied', path, created, hunks: hunks.map((lines) => ({ header: '@@ -1,1 +1,1 @@', lines })) },
  }),
};

/** A hunk as the panel gets it: a header and its diff lines. */
export function hunk(lines: string[], accepted?: boolean): ChangeReview['hunks'][number] {
  return { header: '@@ -1,1 +1,1 @@', lines, ...(accepted !== undefined ? { accepted } : {}) };
}
