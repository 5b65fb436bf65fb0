import assert from 'node:assert/strict';
import { DEFAULT_POLICY, Policy } from '../../src/agent/policy';
import { computerUnavailableReason } from '../../src/agent/computerSetup';

describe('computer action policy', () => {
  it('asks before controlling the user desktop, even under --yes', () => {
    assert.equal(new Policy(DEFAULT_POLICY).checkComputerAction('desktop').kind, 'ask');
    assert.deepEqual(new Policy({ ...DEFAULT_POLICY, approveAll: true }).checkComputerAction('desktop'), {
      kind: 'ask',
      reason: 'Controls the mouse and keyboard on your desktop.',
    });
    assert.equal(new Policy({ ...DEFAULT_POLICY, allowVirtualComputer: true }).checkComputerAction('desktop').kind, 'ask');
  });

  it('controls the user desktop without asking only when the user allowed it', () => {
    assert.deepEqual(new Policy({ ...DEFAULT_POLICY, allowDesktopControl: true }).checkComputerAction('desktop'), { kind: 'allow' });
  });

  it('follows the policy level on the virtual display', () => {
    assert.deepEqual(new Policy(DEFAULT_POLICY).checkComputerAction('virtual'), { kind: 'ask', reason: 'Controls the mouse and keyboard on the virtual display.' });
    assert.deepEqual(new Policy({ ...DEFAULT_POLICY, approveAll: true }).checkComputerAction('virtual'), { kind: 'allow' });
    assert.deepEqual(new Policy({ ...DEFAULT_POLICY, allowVirtualComputer: true }).checkComputerAction('virtual'), { kind: 'allow' });
  });
});

describe('computerUnavailableReason', () => {
  const all = () => true;
  const none = () => false;

  it('offers the virtual display and the X desktop on Linux when the programs are there', () => {
    assert.equal(computerUnavailableReason('virtual', undefined, 'linux', all), undefined);
    assert.equal(computerUnavailableReason('desktop', ':0', 'linux', all), undefined);
  });

  it('names the missing Linux programs and their Debian packages, and a missing DISPLAY', () => {
    assert.equal(computerUnavailableReason('virtual', undefined, 'linux', none), 'Xvfb and xdotool are not installed (on Debian or Ubuntu: sudo apt-get install xvfb xdotool)');
    assert.match(computerUnavailableReason('desktop', undefined, 'linux', all) ?? '', /DISPLAY is not set/);
  });

  it('drives the own screen on macOS (with cliclick) and Windows, and explains why there is no virtual display', () => {
    assert.equal(computerUnavailableReason('desktop', undefined, 'darwin', (program) => program === 'cliclick'), undefined);
    assert.match(computerUnavailableReason('desktop', undefined, 'darwin', none) ?? '', /brew install cliclick/);
    assert.equal(computerUnavailableReason('desktop', undefined, 'win32', (program) => program === 'powershell.exe'), undefined);
    for (const platform of ['darwin', 'win32'] as const) assert.match(computerUnavailableReason('virtual', undefined, platform, all) ?? '', /Xvfb, which is Linux only/);
    assert.match(computerUnavailableReason('desktop', ':0', 'freebsd', all) ?? '', /not on freebsd/);
  });
});
