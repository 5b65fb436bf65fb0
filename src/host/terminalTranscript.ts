// What the Loupe terminal prints for the agent's events: each shell command as a prompt line, its
// output as it streams, and how it ended. Pure text with ANSI styling; no vscode, so it is unit-tested.
import type { TranscriptEvent } from '../shared/transcriptEvents';
import { describeExit, shellCommandOf, toolResultFailed } from '../shared/toolReport';
import { visibleControls } from '../shared/terminalText';

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';

/**
 * Text for the terminal: control and escape sequences made visible (a command's output must not repaint
 * the terminal), and CRLF, since a lone LF would only move down, not back to the first column.
 */
export function toTerminalText(text: string): string {
  return visibleControls(text.replace(/\r\n/g, '\n')).replace(/\n/g, '\r\n');
}

/** Follows one task's events; `write` returns what to print (empty when the event is not about a command). */
export class TerminalTranscript {
  private readonly _commands = new Set<string>();
  /** Whether the last output ended mid-line, so the end marker starts on a line of its own. */
  private _midLine = false;

  startTask(task: string): string {
    this._commands.clear();
    const line = `${DIM}── Loupe task: ${visibleControls(task.replace(/\s+/g, ' ').slice(0, 120))}${RESET}\r\n`;
    return this._endLine() + line;
  }

  write(event: TranscriptEvent): string {
    if (event.type === 'tool_call') {
      const shell = shellCommandOf(event.name, event.input);
      if (shell === undefined) return '';
      this._commands.add(event.id);
      return `${this._endLine()}${BOLD}$ ${toTerminalText(shell.background ? `${shell.command} &` : shell.command)}${RESET}\r\n`;
    }
    if (event.type === 'tool_output' && this._commands.has(event.id)) {
      if (event.chunk === '') return '';
      this._midLine = !event.chunk.endsWith('\n');
      return toTerminalText(event.chunk);
    }
    if (event.type === 'tool_result' && this._commands.has(event.id)) {
      this._commands.delete(event.id);
      const firstLine = event.summary.split('\n').find((line) => line.trim() !== '') ?? '';
      // The output is above: a command that exited non-zero says only how it ended, an error its first line.
      const failure = event.isError ? visibleControls(firstLine.trim()) || 'failed' : describeExit(event.exitCode);
      const where = event.confinement ? `${DIM} · ${event.confinement}${RESET}` : '';
      const ending = `${toolResultFailed(event) ? `${RED}✗ ${failure}${RESET}` : `${GREEN}✓ done${RESET}`}${where}`;
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
