// Computer use for a task in the extension host (src/host/taskComputer.ts): "virtual" brings up a real
// Xvfb display with the computer tool and takes it down on dispose; "off" offers nothing; a mode that
// cannot start says why and lets the task run without it.
import assert from 'node:assert/strict';
import { startTaskComputer } from '../../src/host/taskComputer';
import { displayIsUp } from '../support/processes';
import { workspaceFolder } from './support/hostFixtures';

const MODEL = 'claude-sonnet-5-5';

describe('startTaskComputer', function () {
  this.timeout(60_000);

  it('starts a private display with the computer tools for "virtual", and removes it on dispose', async () => {
    const computer = await startTaskComputer('virtual', { model: MODEL, cwd: workspaceFolder().fsPath });
    const environment = computer.environment;
    assert.ok(environment, computer.logLine);
    try {
      assert.equal(environment.mode, 'virtual');
      assert.match(computer.logLine, new RegExp(`on a private virtual display ${environment.display}\\.$`));
      assert.deepEqual(environment.tools.map((tool) => tool.name).sort(), ['computer', 'open_on_display']);
      assert.equal(environment.commandEnv.DISPLAY, environment.display, 'programs the agent starts open on that display');
      assert.equal(await displayIsUp(environment.display), true);
    } finally {
      await environment.dispose();
    }
    assert.equal(await displayIsUp(environment.display), false, 'the display is gone after the task');
  });

  it('offers no computer tool for "off", with the reason in the log line only', async () => {
    const computer = await startTaskComputer('off', { model: MODEL, cwd: workspaceFolder().fsPath });
    assert.deepEqual([computer.environment, computer.notice], [undefined, undefined]);
    assert.match(computer.logLine, /off \(loupe\.computer\)/);
  });

  it('tells the user why "desktop" cannot start without a display, and the task goes on without it', async () => {
    const saved = process.env.DISPLAY;
    delete process.env.DISPLAY;
    try {
      const computer = await startTaskComputer('desktop', { model: MODEL, cwd: workspaceFolder().fsPath });
      assert.equal(computer.environment, undefined);
      assert.equal(computer.notice, 'Computer use is off for this task: there is no X display to drive (DISPLAY is not set).');
    } finally {
      if (saved !== undefined) process.env.DISPLAY = saved;
    }
  });
});
