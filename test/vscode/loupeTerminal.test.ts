// The Loupe terminal (src/host/loupeTerminal.ts) in VS Code's terminal panel: created at the first
// shell command of a task, Ctrl+C in it stops the task, and a closed one comes back at the next command.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LoupeTerminal } from '../../src/host/loupeTerminal';
import type { HostMessage } from '../../src/shared/protocol';
import { nextEvent, waitUntil } from './support/hostFixtures';

const TASK_STARTED: HostMessage = { type: 'session-started', task: 'Fix the failing test', model: 'claude-sonnet-5-5' };
const command = (id: string, text: string): HostMessage => ({ type: 'event', event: { type: 'tool_call', id, name: 'bash', input: { command: text } } });
const loupeTerminals = () => vscode.window.terminals.filter((terminal) => terminal.name === 'Loupe');

describe('LoupeTerminal', () => {
  let interrupts: number;
  let loupeTerminal: LoupeTerminal;

  beforeEach(() => {
    interrupts = 0;
    loupeTerminal = new LoupeTerminal(() => interrupts++);
  });
  afterEach(async () => {
    const closing = loupeTerminals().length > 0 ? nextEvent(vscode.window.onDidCloseTerminal, 'the Loupe terminal to close') : undefined;
    loupeTerminal.dispose();
    await closing;
  });

  it('opens no terminal for a task until its first shell command, then one named Loupe', async () => {
    loupeTerminal.update(TASK_STARTED);
    loupeTerminal.update({ type: 'event', event: { type: 'tool_call', id: 'toolu_view', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'a.ts' } } });
    loupeTerminal.update({ type: 'event', event: { type: 'text_delta', text: 'Looking at the test.' } });
    assert.deepEqual(loupeTerminals(), [], 'no shell command yet, so no terminal');

    const opened = nextEvent(vscode.window.onDidOpenTerminal, 'the Loupe terminal', (terminal) => terminal.name === 'Loupe');
    loupeTerminal.update(command('toolu_1', 'npm test'));
    const terminal = await opened;
    assert.equal(loupeTerminals().length, 1);

    loupeTerminal.update(command('toolu_2', 'npm test -- --grep cart'));
    assert.deepEqual(loupeTerminals(), [terminal], 'later commands reuse the same terminal');
  });

  it('stops the task on Ctrl+C typed in the Loupe terminal', async () => {
    const opened = nextEvent(vscode.window.onDidOpenTerminal, 'the Loupe terminal', (terminal) => terminal.name === 'Loupe');
    loupeTerminal.update(TASK_STARTED);
    loupeTerminal.update(command('toolu_1', 'npm test'));
    const terminal = await opened;
    // A pseudoterminal gets sendText as typed input once VS Code has opened it; wait for that.
    await waitUntil(() => {
      terminal.sendText('\x03', false);
      return interrupts > 0;
    }, 'Ctrl+C to reach the task');
    // The wait above is the check: it fails unless a Ctrl+C typed in the terminal reached the task.
  });

  it('comes back at the next command after the user closes it', async () => {
    const opened = nextEvent(vscode.window.onDidOpenTerminal, 'the Loupe terminal', (terminal) => terminal.name === 'Loupe');
    loupeTerminal.update(TASK_STARTED);
    loupeTerminal.update(command('toolu_1', 'npm test'));
    const first = await opened;

    const closed = nextEvent(vscode.window.onDidCloseTerminal, 'the Loupe terminal to close', (terminal) => terminal === first);
    first.dispose();
    await closed;
    assert.deepEqual(loupeTerminals(), []);

    const reopened = nextEvent(vscode.window.onDidOpenTerminal, 'a new Loupe terminal', (terminal) => terminal.name === 'Loupe');
    loupeTerminal.update(command('toolu_2', 'npm test'));
    const second = await reopened;
    assert.notEqual(second, first);
  });
});
