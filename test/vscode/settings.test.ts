// readSettings (src/host/settings.ts) against VS Code's real configuration: values written to the
// workspace's settings.json, right and wrong types.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_MAX_STEPS } from '../../src/agent/createAgentSession';
import { DEFAULT_SCREENSHOT_HISTORY } from '../../src/agent/context/screenshotHistory';
import { DEFAULT_MODEL } from '../../src/agent/model/modelTable';
import { readSettings } from '../../src/host/settings';

const KEYS = ['approval', 'model', 'thinking', 'maxSteps', 'allowedCommands', 'allowedEditGlobs', 'screenshotHistory', 'compactAtTokens', 'maxCostUsd', 'streamIdleTimeoutSeconds', 'computer', 'allowDesktopControl'];

async function setWorkspaceSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('loupe');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('readSettings', () => {
  afterEach(async () => {
    await setWorkspaceSettings(Object.fromEntries(KEYS.map((key) => [key, undefined])));
  });

  it('reads the defaults when nothing is set', () => {
    const settings = readSettings();
    assert.equal(settings.approval, 'ask');
    assert.equal(settings.model, DEFAULT_MODEL);
    assert.equal(settings.maxSteps, DEFAULT_MAX_STEPS);
    assert.equal(settings.computer, 'auto');
    assert.equal(settings.streamIdleTimeoutSeconds, 90, "the manifest's default");
  });

  it('reads values of the right type from the workspace settings', async () => {
    await setWorkspaceSettings({
      approval: 'auto',
      model: '  claude-opus-4-7  ',
      thinking: true,
      maxSteps: 7,
      allowedCommands: ['npm test', 5, '  '],
      screenshotHistory: 2,
      compactAtTokens: 60_000,
      maxCostUsd: 1.5,
      streamIdleTimeoutSeconds: 30,
      computer: 'off',
      allowDesktopControl: true,
    });
    const settings = readSettings();
    assert.equal(settings.approval, 'auto');
    assert.equal(settings.model, 'claude-opus-4-7');
    assert.equal(settings.thinking, true);
    assert.equal(settings.maxSteps, 7);
    assert.deepEqual(settings.allowedCommands, ['npm test'], 'entries that are not text are dropped');
    assert.equal(settings.screenshotHistory.keep, 2);
    assert.equal(settings.compactAtTokens, 60_000);
    assert.equal(settings.maxCostUsd, 1.5);
    assert.equal(settings.streamIdleTimeoutSeconds, 30);
    assert.equal(settings.computer, 'off');
    assert.equal(settings.allowDesktopControl, true);
  });

  it('falls back to the defaults for values of the wrong type', async () => {
    await setWorkspaceSettings({
      approval: 'always',
      model: 42,
      thinking: 'yes',
      maxSteps: 'ten',
      allowedCommands: 'npm test',
      allowedEditGlobs: { 'src/**': true },
      screenshotHistory: 2.5,
      compactAtTokens: -5,
      maxCostUsd: '3',
      streamIdleTimeoutSeconds: 'soon',
      computer: 'sometimes',
      allowDesktopControl: 'true',
    });
    assert.equal(vscode.workspace.getConfiguration('loupe').get('maxSteps'), 'ten', 'VS Code stores the wrong-typed value as written');
    const settings = readSettings();
    assert.equal(settings.approval, 'ask', 'an unknown approval mode must mean the safe one');
    assert.equal(settings.model, DEFAULT_MODEL);
    assert.equal(settings.thinking, false);
    assert.equal(settings.maxSteps, DEFAULT_MAX_STEPS);
    assert.deepEqual(settings.allowedCommands, []);
    assert.deepEqual(settings.allowedEditGlobs, []);
    assert.deepEqual(settings.screenshotHistory, DEFAULT_SCREENSHOT_HISTORY);
    assert.equal(settings.compactAtTokens, undefined);
    assert.equal(settings.maxCostUsd, undefined);
    assert.equal(settings.streamIdleTimeoutSeconds, undefined, 'the model client then uses its own default');
    assert.equal(settings.computer, 'auto');
    assert.equal(settings.allowDesktopControl, false, 'desktop control needs an explicit true');
  });
});
