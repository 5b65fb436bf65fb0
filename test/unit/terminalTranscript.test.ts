// What the Loupe terminal prints for a task's events (the pseudoterminal itself is driven in the e2e suite).
import assert from 'node:assert/strict';
import { TerminalTranscript, toTerminalText } from '../../src/host/terminalTranscript';

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('terminal transcript', () => {
  it('prints each shell command, its output with CRLF line ends, and how it ended', () => {
    const transcript = new TerminalTranscript();
    const out = [
      transcript.startTask('Fix the\ntest'),
      transcript.write({ type: 'tool_call', id: 't1', name: 'bash', input: { command: 'npm test' } }),
      transcript.write({ type: 'tool_output', id: 't1', chunk: 'ok 1\nok 2' }),
      transcript.write({ type: 'tool_result', id: 't1', name: 'bash', isError: false, summary: 'ok 1', exitCode: 0, confinement: 'sandboxed' }),
      // As the bash tool reports it: the tool worked, the command exited 1.
      transcript.write({ type: 'tool_call', id: 't2', name: 'bash', input: { command: 'false' } }),
      transcript.write({ type: 'tool_result', id: 't2', name: 'bash', isError: false, summary: 'Exit code: 1', exitCode: 1 }),
      transcript.write({ type: 'tool_call', id: 't3', name: 'bash', input: { command: 'rm -rf /' } }),
      transcript.write({ type: 'tool_result', id: 't3', name: 'bash', isError: true, summary: '\nRefused: the deny list blocks it.' }),
    ].map(plain);
    assert.deepEqual(out, ['── Loupe task: Fix the test\r\n', '$ npm test\r\n', 'ok 1\r\nok 2', '\r\n✓ done · sandboxed\r\n\r\n', '$ false\r\n', '✗ exit 1\r\n\r\n', '$ rm -rf /\r\n', '✗ Refused: the deny list blocks it.\r\n\r\n']);
  });

  it('shows background starts and ignores tools that run no command and output of other calls', () => {
    const transcript = new TerminalTranscript();
    assert.equal(plain(transcript.write({ type: 'tool_call', id: 'b', name: 'background_process', input: { action: 'start', name: 'web', command: 'npm run dev' } })), '$ npm run dev &\r\n');
    assert.equal(transcript.write({ type: 'tool_call', id: 'v', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'a' } }), '');
    assert.equal(transcript.write({ type: 'tool_call', id: 'l', name: 'background_process', input: { action: 'logs', name: 'web' } }), '');
    assert.equal(transcript.write({ type: 'tool_output', id: 'other', chunk: 'x' }), '');
    assert.equal(transcript.write({ type: 'tool_call', id: 'm', name: 'bash', input: { restart: true } }), '');
  });

  it('turns every line break into CRLF, including CRLF already there', () => {
    assert.equal(toTerminalText('a\nb\r\nc'), 'a\r\nb\r\nc');
  });
});
