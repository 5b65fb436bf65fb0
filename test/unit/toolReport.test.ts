// How tool calls read to the people watching (src/agent/toolReport.ts): the same words in the CLI,
// the panel, the Loupe terminal and the proof of work.
import assert from 'node:assert/strict';
import { describeCall, describeExit, shellCommandOf, toolResultFailed } from '../../src/shared/toolReport';

describe('toolReport', function () {
  it('describes each kind of call by a title and one line of detail, whatever the model sent', function () {
    assert.deepEqual(describeCall('bash', { command: 'npm test' }), { title: 'bash', detail: 'npm test' });
    assert.deepEqual(describeCall('bash', { restart: true }), { title: 'bash', detail: '(restart)' });
    assert.deepEqual(describeCall('str_replace_based_edit_tool', { command: 'view', path: 'src/a.js' }), { title: 'view', detail: 'src/a.js' });
    assert.deepEqual(describeCall('background_process', { action: 'start', name: 'app', command: 'node server.js' }), { title: 'background_process', detail: 'start app: node server.js' });
    assert.deepEqual(describeCall('background_process', { action: 'logs', name: 'app' }), { title: 'background_process', detail: 'logs app' });
    assert.deepEqual(describeCall('open_on_display', { url: 'http://127.0.0.1:3000/' }), { title: 'open_on_display', detail: 'http://127.0.0.1:3000/' });
    assert.deepEqual(describeCall('update_plan', { items: [] }), { title: 'plan', detail: '' });
    // Malformed input is data: no detail, no throw.
    for (const input of [null, 'npm test', 42, { command: 7, path: ['x'] }]) {
      assert.deepEqual(describeCall('bash', input).title, 'bash');
      assert.equal(typeof describeCall('str_replace_based_edit_tool', input).detail, 'string');
    }
    assert.deepEqual(describeCall('str_replace_based_edit_tool', { command: 7 }), { title: 'edit', detail: '' });
  });

  it('finds the shell command of bash and of a background start only', function () {
    assert.deepEqual(shellCommandOf('bash', { command: 'npm test' }), { command: 'npm test', background: false });
    assert.deepEqual(shellCommandOf('background_process', { action: 'start', name: 'web', command: 'npm run dev' }), { command: 'npm run dev', background: true });
    assert.equal(shellCommandOf('background_process', { action: 'stop', name: 'web', command: 'npm run dev' }), undefined);
    assert.equal(shellCommandOf('str_replace_based_edit_tool', { command: 'view' }), undefined);
    assert.equal(shellCommandOf('bash', { restart: true }), undefined);
    assert.equal(shellCommandOf('bash', null), undefined);
  });

  it('counts a non-zero exit and a kill as failures, and says how a command ended', function () {
    assert.equal(toolResultFailed({ isError: false, exitCode: 0 }), false);
    assert.equal(toolResultFailed({ isError: false }), false);
    assert.equal(toolResultFailed({ isError: false, exitCode: 2 }), true);
    assert.equal(toolResultFailed({ isError: false, exitCode: null }), true);
    assert.equal(toolResultFailed({ isError: true }), true);
    assert.deepEqual([describeExit(0), describeExit(3), describeExit(null), describeExit(undefined)], ['exit 0', 'exit 3', 'killed', undefined]);
  });
});
