// The proof of work card's contents, worked out from the messages the panel receives.
import assert from 'node:assert/strict';
import { summariseSession } from '../../src/webview/proofOfWork';
import { hunk, panel } from '../support/panelMessages';

describe('summariseSession (the proof of work)', function () {
  it('lists the files written, with +/- counts from the hunks written; decisions and waiting reviews alone do not count', function () {
    const proof = summariseSession([
      panel.started(),
      panel.review('change-1', 'src/a.js', [hunk(['-a', '+b', ' c'])]),
      panel.review('change-1', 'src/a.js', [hunk(['-a', '+b', ' c'], true)], 'accepted'),
      panel.applied('src/a.js', [[' x', '-a', '+b', ' c']]),
      panel.review('change-2', 'src/c.js', [hunk(['+never'], false)], 'rejected'),
      panel.applied('docs/new.md', [['+# New', '+', '+Text.']], true),
      panel.ended(),
    ]);
    assert.deepEqual(
      proof.files.map(({ path, added, removed, created, hunks }) => ({ path, added, removed, created, hunks: hunks.map((entry) => entry.lines) })),
      [
        { path: 'src/a.js', added: 1, removed: 1, created: false, hunks: [[' x', '-a', '+b', ' c']] },
        { path: 'docs/new.md', added: 3, removed: 0, created: true, hunks: [['+# New', '+', '+Text.']] },
      ],
    );
  });

  it('adds up two changes to the same file into one entry', function () {
    const proof = summariseSession([panel.started(), panel.applied('src/a.js', [['-a', '+b']]), panel.applied('src/a.js', [['+c'], ['+d', '-e']])]);
    assert.deepEqual(proof.files.map(({ path, added, removed, hunks }) => ({ path, added, removed, hunks: hunks.length })), [{ path: 'src/a.js', added: 3, removed: 2, hunks: 3 }]);
  });

  it('lists commands with their exit codes, tests apart by their words, and background starts', function () {
    const proof = summariseSession([
      panel.started(),
      panel.bash('t1', 'npm test'),
      panel.output('t1', 'not ok 1 adds\n'),
      panel.result('t1', 'bash', '1 failing\n  1) adds', { exitCode: 1 }),
      panel.bash('t2', 'ls src'),
      panel.result('t2', 'bash', 'a.js', { exitCode: 0 }),
      panel.call('t3', 'bash', { restart: true }),
      panel.result('t3', 'bash', 'The shell was restarted'),
      panel.call('t4', 'background_process', { action: 'start', name: 'web', command: 'npm run dev' }),
      panel.result('t4', 'background_process', 'Started web'),
      panel.call('t5', 'background_process', { action: 'logs', name: 'web' }),
      panel.bash('t6', 'sleep 999'),
      panel.result('t6', 'bash', 'The command was stopped after 120 s', { isError: true }),
      panel.bash('t7', 'npx mocha test/add.test.js'),
      panel.result('t7', 'bash', '1 passing', { exitCode: 0 }),
    ]);
    assert.deepEqual(
      proof.commands.map(({ command, isTest, exitCode, succeeded, result }) => ({ command, isTest, exitCode, succeeded, result })),
      [
        { command: 'npm test', isTest: true, exitCode: 1, succeeded: false, result: '1 failing' },
        { command: 'ls src', isTest: false, exitCode: 0, succeeded: true, result: 'a.js' },
        { command: 'npm run dev', isTest: false, exitCode: undefined, succeeded: true, result: 'Started web' },
        { command: 'sleep 999', isTest: false, exitCode: undefined, succeeded: false, result: 'The command was stopped after 120 s' },
        { command: 'npx mocha test/add.test.js', isTest: true, exitCode: 0, succeeded: true, result: '1 passing' },
      ],
    );
  });

  it('keeps the first and the last screenshot as before and after', function () {
    const proof = summariseSession([panel.started(), panel.screenshot('s1', 'AAA'), panel.screenshot('s2', 'BBB'), panel.screenshot('s3', 'CCC')]);
    assert.equal(proof.screenshots?.before.dataBase64, 'AAA');
    assert.equal(proof.screenshots?.after?.dataBase64, 'CCC');
    assert.deepEqual(summariseSession([panel.started(), panel.screenshot('s1', 'AAA')]).screenshots, {
      before: { mediaType: 'image/png', width: 1024, height: 640, dataBase64: 'AAA' },
    });
    assert.equal(summariseSession([panel.started(), panel.bash('t1', 'ls')]).screenshots, undefined);
  });

  it('starts over at each session-started: only the last task is summarised', function () {
    const proof = summariseSession([
      panel.started('first'),
      panel.bash('t1', 'make'),
      panel.applied('old.js', [['+x']]),
      panel.screenshot('s1', 'OLD'),
      panel.started('second'),
      panel.bash('t2', 'npm test'),
    ]);
    assert.deepEqual(proof.files, []);
    assert.deepEqual(proof.commands.map((run) => run.command), ['npm test']);
    assert.equal(proof.screenshots, undefined);
  });
});
