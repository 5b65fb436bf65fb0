// The Loupe terminal: a pseudoterminal that shows the shell commands the agent runs, with their
// output as it streams. Created at the first command (not at activation), revealed without taking
// focus, and recreated if the user closes it. Ctrl+C in it stops the task, as in any terminal.
import * as vscode from 'vscode';
import type { HostMessage } from '../shared/protocol';
import { TerminalTranscript } from './terminalTranscript';

export class LoupeTerminal implements vscode.Disposable {
  private _terminal: vscode.Terminal | undefined;
  private readonly _writes = new vscode.EventEmitter<string>();
  /** Text written before VS Code opened the pseudoterminal; it would be dropped otherwise. */
  private _pending: string[] | undefined;
  private readonly _transcript = new TerminalTranscript();
  private _taskHeader: string | undefined;
  constructor(private readonly _onInterrupt: () => void) {}

  /** Follows the same messages the panel gets. */
  update(message: HostMessage): void {
    if (message.type === 'session-started' || message.type === 'follow-up') {
      // Printed with the task's first command: a task that runs none leaves the terminal alone.
      this._taskHeader = this._transcript.startTask(message.type === 'follow-up' ? message.text : message.task);
      return;
    }
    if (message.type !== 'event') return;
    const text = this._transcript.write(message.event);
    if (!text) return;
    const firstOfTask = this._taskHeader !== undefined;
    this._print((this._taskHeader ?? '') + text);
    this._taskHeader = undefined;
    if (firstOfTask) this._terminal?.show(true);
  }

  dispose(): void {
    this._terminal?.dispose();
    this._writes.dispose();
  }

  private _print(text: string): void {
    if (!this._terminal) this._create();
    if (this._pending) this._pending.push(text);
    else this._writes.fire(text);
  }

  private _create(): void {
    this._pending = [];
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this._writes.event,
      open: () => {
        const pending = this._pending ?? [];
        this._pending = undefined;
        this._writes.fire(`\x1b[2mCommands Loupe runs appear here as they run. Ctrl+C stops the task.\x1b[0m\r\n\r\n${pending.join('')}`);
      },
      // VS Code calls this when the user closes the terminal: the next command opens a new one.
      close: () => {
        this._terminal = undefined;
      },
      handleInput: (data) => {
        if (data === '\x03') this._onInterrupt();
      },
    };
    this._terminal = vscode.window.createTerminal({ name: 'Loupe', pty, iconPath: new vscode.ThemeIcon('terminal'), isTransient: true });
  }
}
