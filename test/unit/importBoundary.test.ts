// The agent core must stay free of VS Code; the lint configuration enforces it, and this checks
// that the rule really fires (a silently broken rule would let the boundary erode).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(import.meta.dirname, '../..');

async function lint(code: string, filePath: string) {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax');
}

describe('the src/agent import boundary', function () {
  this.timeout(30_000);

  it('fails lint on an import of vscode under src/agent', async () => {
    const problems = await lint("import * as vscode from 'vscode';\nexport const api = vscode;\n", 'src/agent/tools/probe.ts');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /src\/agent must not import vscode/);
  });

  it('fails lint on require("vscode") under src/agent', async () => {
    const problems = await lint("export const api = require('vscode');\n", 'src/agent/probe.ts');
    assert.equal(problems.length, 1);
  });

  it('allows vscode in the host adapters', async () => {
    assert.deepEqual(await lint("import * as vscode from 'vscode';\nexport const api = vscode;\n", 'src/host/probe.ts'), []);
  });
});
