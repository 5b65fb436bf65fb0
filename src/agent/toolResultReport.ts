// One reading of how a tool call ended, so the terminal transcript, the panel and the proof of work
// agree. A command that ran and exited non-zero (or was killed) is a success for the tool (the model
// gets its output) but a failure to the person watching. Pure: the webview bundle imports it too.
import type { AgentEvent } from './events';

type ToolResult = Extract<AgentEvent, { type: 'tool_result' }>;

/** The call failed, or the command it ran exited non-zero or was killed. */
export function toolResultFailed(result: Pick<ToolResult, 'isError' | 'exitCode'>): boolean {
  return result.isError || (result.exitCode !== undefined && result.exitCode !== 0);
}

/** "exit 0", "exit 1", "killed"; undefined for a call that ran no command (or whose end is unknown). */
export function describeExit(exitCode: number | null | undefined): string | undefined {
  if (exitCode === undefined) return undefined;
  return exitCode === null ? 'killed' : `exit ${exitCode}`;
}
