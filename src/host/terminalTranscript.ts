// What the Loupe terminal prints for the agent's events: each shell command as a prompt line, its
// output as it streams, and how it ended. Pure text with ANSI styling; no vscode, so it is unit-tested.
import type { AgentEvent } from '../agent/events';

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';

/** A terminal needs CRLF; a lone LF would only move down, not back to the first column. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The command a tool call runs in a shell, or undefined for calls that run none. */
export function shellCommandOf(event: Extract<AgentEvent, { type: 'tool_call' }>): string | undefined {
  const input = event.input as { command?: unknown; action?: unknown; name?: unknown } | null;
  if (typeof input !== 'object' || input === null) return undefined;
  if (event.name === 'bash' && typeof input.command === 'string') return input.command;
  if (event.name === 'background_process' && input.action === 'start' && typeof input.command === 'string') return `${input.command} &`;
  return undefined;
}

/** Follows one task's events; `write` returns what to print (empty when the event is not about a command). */
export class TerminalTranscript {
  private readonly _commands = new Set<string>();
  /** Whether the last output ended mid-line, so the end marker starts on a line of its own. */
  private _midLine = false;

  startTask(task: string): string {
    this._commands.clear();
    const line = `${DIM}── Loupe task: ${task.replace(/\s+/g, ' ').slice(0, 120)}${RESET}\r\n`;
    return this._endLine() + line;
  }

  write(event: AgentEvent): string {
    if (event.type === 'tool_call') {
      const command = shellCommandOf(event);
      if (command === undefined) return '';
      this._commands.add(event.id);
      return `${this._endLine()}${BOLD}$ ${toTerminalText(command)}${RESET}\r\n`;
    }
    if (event.type === 'tool_output' && this._commands.has(event.id)) {
      if (event.chunk === '') return '';
      this._midLine = !event.chunk.endsWith('\n');
      return toTerminalText(event.chunk);
    }
    if (event.type === 'tool_result' && this._commands.has(event.id)) {
      this._commands.delete(event.id);
      const firstLine = event.summary.split('\n').find((line) => line.trim() !== '') ?? '';
      const ending = event.isError ? `${RED}✗ ${firstLine.trim() || 'failed'}${RESET}` : `${GREEN}✓ done${RESET}`;
      return `${this._endLine()}${ending}\r\n\r\n`;
    }
    return '';
  }

  private _endLine(): string {
    if (!this._midLine) return '';
    this._midLine = false;
    return '\r\n';
  }
}
