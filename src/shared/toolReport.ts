// One reading of tool calls for the people watching, so the CLI transcript, the panel, the Loupe
// terminal and the proof of work say the same: what a call does, the shell command it runs, and
// whether it failed. A command that ran and exited non-zero (or was killed) is a success for the tool
// (the model gets its output) but a failure to the person watching. Pure: the webview imports it too.
import type { TranscriptEvent } from './transcriptEvents';

type ToolResult = Extract<TranscriptEvent, { type: 'tool_result' }>;

/** The call failed, or the command it ran exited non-zero or was killed. */
export function toolResultFailed(result: Pick<ToolResult, 'isError' | 'exitCode'>): boolean {
  return result.isError || (result.exitCode !== undefined && result.exitCode !== 0);
}

/** "exit 0", "exit 1", "killed"; undefined for a call that ran no command (or whose end is unknown). */
export function describeExit(exitCode: number | null | undefined): string | undefined {
  if (exitCode === undefined) return undefined;
  return exitCode === null ? 'killed' : `exit ${exitCode}`;
}

/** A call as its title and one line of detail: "bash" / "npm test", "view" / "src/a.js", "background_process" / "start app: node server.js". */
export function describeCall(name: string, input: unknown): { title: string; detail: string } {
  const fields = fieldsOf(input);
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (name) {
    case 'bash':
      return { title: 'bash', detail: fields.restart ? '(restart)' : text(fields.command) };
    case 'str_replace_based_edit_tool':
      return { title: text(fields.command) || 'edit', detail: text(fields.path) };
    case 'update_plan':
      return { title: 'plan', detail: '' };
    case 'background_process': {
      const process = [text(fields.action), text(fields.name)].filter(Boolean).join(' ');
      const command = fields.action === 'start' ? text(fields.command) : '';
      return { title: name, detail: command ? `${process}: ${command}` : process };
    }
    case 'open_on_display':
      return { title: name, detail: text(fields.url) };
    case 'mcp_call_tool':
      return { title: `MCP ${text(fields.tool)}`, detail: oneLineJson(fields.arguments ?? {}) };
    case 'mcp_find_tools':
      return { title: 'MCP find tools', detail: text(fields.query) };
    default: {
      // An MCP tool offered by name: mcp__server__tool (externalTools.ts).
      const mcp = /^mcp__(.+?)__(.+)$/.exec(name);
      return mcp ? { title: `MCP ${mcp[1]}/${mcp[2]}`, detail: oneLineJson(input) } : { title: name, detail: '' };
    }
  }
}

/** The shell command a call runs (bash's, or a background process's start), or undefined for any other call. */
export function shellCommandOf(name: string, input: unknown): { command: string; background: boolean } | undefined {
  const fields = fieldsOf(input);
  if (typeof fields.command !== 'string') return undefined;
  if (name === 'bash') return { command: fields.command, background: false };
  if (name === 'background_process' && fields.action === 'start') return { command: fields.command, background: true };
  return undefined;
}

/** A tool's input as the person watching reads it: one line, long ones cut. */
function oneLineJson(value: unknown): string {
  const json = JSON.stringify(value) ?? '';
  return json.length > MAX_INPUT_SHOWN ? `${json.slice(0, MAX_INPUT_SHOWN)}…` : json;
}

const MAX_INPUT_SHOWN = 300;

/** The model's input is untrusted JSON: anything but an object reads as no fields. */
function fieldsOf(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}
