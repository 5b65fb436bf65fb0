import assert from 'node:assert/strict';
import { DEFAULT_POLICY, Policy } from '../../src/agent/policy';

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
