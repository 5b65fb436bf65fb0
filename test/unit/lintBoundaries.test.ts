// The layer boundaries are the build's, not a convention: ESLint (eslint.config.mjs, as `npm run lint`
// runs it) refuses each crossing, and lets the allowed imports through.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(import.meta.dirname, '..', '..');

/** The no-restricted-imports messages ESLint gives `source` as if it were the file at `path`. */
async function bans(path: string, source: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(source, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax').map((message) => message.message);
}

describe('the layer boundaries in the lint config', function () {
  this.timeout(60_000);

  it('refuses a webview import of agent, host or CLI code, or of Node, and allows src/shared', async () => {
    for (const source of ["import type { AgentEvent } from '../agent/events';", "import { runTask } from '../host/runTask';", "import { USAGE } from '../cli/cliArgs';", "import { readFile } from 'node:fs';", "import * as vscode from 'vscode';"]) {
      assert.equal((await bans('src/webview/probe.ts', `${source}\nexport const x = 1;\n`)).length, 1, source);
    }
    assert.deepEqual(await bans('src/webview/probe.ts', "import type { HostMessage } from '../shared/protocol';\nimport { element } from './dom';\nexport const x = 1;\n"), []);
  });

  it('refuses an agent import of host, webview or CLI code (from any depth) and of vscode, and allows src/shared', async () => {
    for (const source of ["import { VsCodeWorkspace } from '../../host/vscodeWorkspace';", "import { TranscriptView } from '../webview/transcriptView';", "import { parseCliArgs } from '../cli/cliArgs';", "import * as vscode from 'vscode';", "const vscode = require('vscode');"]) {
      assert.ok((await bans('src/agent/tools/probe.ts', `${source}\nexport const x = 1;\n`)).length >= 1, source);
    }
    assert.deepEqual(await bans('src/agent/tools/probe.ts', "import { describeCall } from '../../shared/toolReport';\nimport { Policy } from '../policy';\nexport const x = 1;\n"), []);
  });

  it('refuses a shared import of anything of ours outside src/shared', async () => {
    for (const source of ["import type { AgentEvent } from '../agent/events';", "import { PanelHub } from '../host/panelHub';"]) {
      assert.equal((await bans('src/shared/probe.ts', `${source}\nexport const x = 1;\n`)).length, 1, source);
    }
  });

  it('lets the host import vscode, the agent and src/shared, but not the page or the CLI', async () => {
    assert.deepEqual(await bans('src/host/probe.ts', "import * as vscode from 'vscode';\nimport { Policy } from '../agent/policy';\nimport type { HostMessage } from '../shared/protocol';\nexport const x = [vscode, Policy];\n"), []);
    assert.equal((await bans('src/host/probe.ts', "import { TranscriptView } from '../webview/transcriptView';\nexport const x = 1;\n")).length, 1);
    assert.equal((await bans('src/cli.ts', "import { runTask } from './host/runTask';\nexport const x = 1;\n")).length, 1);
  });
});
