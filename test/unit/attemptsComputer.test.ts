// loupe.computer for Run Task with Attempts (src/host/taskComputer.ts): each attempt gets a private
// display where one can run; the user's own screen is never shared among attempts.
import assert from 'node:assert/strict';
import { attemptsComputerFor, chooseAttemptsComputer } from '../../src/host/taskComputer';

const NO_XVFB = 'Xvfb is not installed (on Debian or Ubuntu: sudo apt-get install xvfb)';

describe('computer use for best-of-N in VS Code', () => {
  it('gives each attempt a private display for "auto" and "virtual" where Xvfb runs, with nothing to tell the user', () => {
    for (const setting of ['auto', 'virtual'] as const) {
      assert.deepEqual(attemptsComputerFor(setting, 3, undefined), { mode: 'virtual', notice: undefined, logLine: 'Computer use: each of the 3 attempts on a private virtual display of its own.' });
    }
  });

  it('runs "desktop" attempts on private displays instead of the user\'s screen, and says so', () => {
    const chosen = attemptsComputerFor('desktop', 2, undefined);
    assert.equal(chosen.mode, 'virtual');
    assert.equal(chosen.notice, 'loupe.computer is "desktop", but 2 attempts cannot share one screen: each runs on a private virtual display of its own, and your mouse and keyboard are left alone.');
  });

  it('runs without computer use where no private display can start: quietly for "auto", with the reason otherwise', () => {
    assert.deepEqual(attemptsComputerFor('auto', 2, NO_XVFB), { mode: 'off', notice: undefined, logLine: `Computer use: unavailable for the attempts (${NO_XVFB}).` });
    assert.equal(attemptsComputerFor('virtual', 2, NO_XVFB).notice, `Computer use is off for these attempts: ${NO_XVFB}.`);
    assert.equal(attemptsComputerFor('desktop', 4, NO_XVFB).notice, `Computer use is off for these attempts: 4 attempts cannot share your screen, and a private display for each cannot start here (${NO_XVFB}).`);
    assert.equal(attemptsComputerFor('desktop', 4, NO_XVFB).mode, 'off');
  });

  it('offers nothing for "off"', () => {
    assert.deepEqual(attemptsComputerFor('off', 2, undefined), { mode: 'off', notice: undefined, logLine: 'Computer use: off (loupe.computer).' });
  });

  it('finds a private display available on this machine (Xvfb and xdotool installed)', async () => {
    assert.equal((await chooseAttemptsComputer('auto', 2)).mode, 'virtual');
  });
});
