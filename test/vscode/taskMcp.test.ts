// MCP in VS Code: the project's servers Loupe starts itself (startTaskMcp), and what this VS Code's
// own vscode.lm.tools offers for a workspace .vscode/mcp.json, checked in the real workbench.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { callExternalTool } from '../../src/agent/mcp/callExternalTool';
import { listExternalTools } from '../../src/agent/mcp/externalTools';
import { Policy } from '../../src/agent/policy';
import type { Approver } from '../../src/agent/ports';
import { LocalProcessHost } from '../../src/agent/processes/localProcessHost';
import { languageModelToolSource, vsCodeRunsServer } from '../../src/host/languageModelTools';
import { startTaskMcp, type TaskMcp } from '../../src/host/taskMcp';
import { VsCodeWorkspace } from '../../src/host/vscodeWorkspace';
import { freshFolder, waitUntil, workspaceFolder } from './support/hostFixtures';
import { ScriptedApprover } from '../support/approvers';

const LOUPE_ID = 'loupe-dev.loupe';
/** How long VS Code is given to start a workspace mcp.json server and list its tools. */
const VSCODE_MCP_WAIT_MS = 20_000;

function scriptedServer(): string {
  const extension = vscode.extensions.getExtension(LOUPE_ID);
  assert.ok(extension, 'Loupe is installed in this VS Code');
  return join(extension.extensionPath, 'test', 'support', 'mcp', 'scriptedMcpServer.mjs');
}

const NOBODY: Approver = {
  reviewChange: async () => ({ kind: 'reject' }),
  approveCommand: async (request) => {
    throw new Error(`not expected to ask: ${request.command}`);
  },
};

describe('MCP in VS Code', function () {
  this.timeout(90_000);
  let mcp: TaskMcp | undefined;
  const processes = new LocalProcessHost();

  afterEach(async () => {
    await mcp?.dispose();
    mcp = undefined;
  });

  it("starts the project's servers that VS Code does not run (.mcp.json) and calls them", async () => {
    const folder = await freshFolder({ '.mcp.json': JSON.stringify({ mcpServers: { scripted: { command: process.execPath, args: [scriptedServer(), 'stdio'] } } }) });
    const workspace = await VsCodeWorkspace.open(vscode.Uri.file(folder));
    const said: string[] = [];
    mcp = await startTaskMcp({ workspace, processes, policy: { allowedEditGlobs: [], allowedCommands: [], approveAll: true }, approver: NOBODY, signal: new AbortController().signal, say: (message) => said.push(message) });
    assert.ok(said.includes('MCP server scripted (.mcp.json): 8 tools.'), said.join('\n'));
    const echo = listExternalTools(mcp.sources).find((tool) => tool.qualifiedName === 'scripted/echo');
    assert.ok(echo);
    const result = await callExternalTool(echo, { text: 'in VS Code' }, {
      signal: new AbortController().signal,
      workspace,
      approver: NOBODY,
      policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: false, allowedExternalTools: ['scripted/*'] }),
      toolUseId: 'toolu_host',
      toolName: 'mcp__scripted__echo',
      afterExternalContent: false,
      emit: () => undefined,
    });
    assert.deepEqual([result.isError, result.content], [false, 'echo: in VS Code']);
  });

  it("offers another extension's language-model tool and calls it with vscode.lm.invokeTool, and none of VS Code's own chat tools", async () => {
    await waitUntil(() => (vscode.lm?.tools ?? []).some((tool) => tool.name === 'loupe_test_echo'), "the fixture extension's tool in vscode.lm.tools");
    const source = languageModelToolSource();
    assert.ok(source, 'a source of VS Code tools');
    const names = source.tools.map((tool) => tool.name);
    // The fixture's tool only: not VS Code's chat tools, nor its built-in extensions' (a Mermaid renderer).
    assert.deepEqual(names, ['loupe_test_echo']);
    // VS Code's own chat tools, listed in vscode.lm.tools but contributed by no extension: they would run
    // commands and write files outside Loupe's sandbox and review.
    const listed = vscode.lm.tools.map((tool) => tool.name);
    for (const core of ['run_in_terminal', 'vscode_editFile_internal', 'create_and_run_task']) {
      assert.ok(listed.includes(core), `this VS Code lists ${core}, so leaving it out is checked`);
      assert.ok(!names.includes(core), `${core} is not offered`);
    }
    assert.deepEqual(await source.call('loupe_test_echo', { text: 'via invokeTool' }, new AbortController().signal), { isError: false, content: [{ type: 'text', text: 'echo: via invokeTool' }] });
    const tool = listExternalTools([source]).find((candidate) => candidate.qualifiedName === 'vscode/loupe_test_echo');
    assert.ok(tool);
    const person = new ScriptedApprover([], [false]);
    const declined = await callExternalTool(tool, { text: 'x' }, { signal: new AbortController().signal, workspace: await VsCodeWorkspace.open(workspaceFolder()), approver: person, policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }), toolUseId: 't', toolName: 'mcp__vscode__loupe_test_echo', afterExternalContent: false, emit: () => undefined });
    assert.equal(declined.isError, true, 'a standing yes does not cover a call to another extension\'s tool');
    assert.equal(person.commands[0]?.command, 'vscode/loupe_test_echo {"text":"x"}');
  });

  it("uses VS Code's own tools for a workspace .vscode/mcp.json server when VS Code runs it, and starts it itself when it does not", async () => {
    const root = workspaceFolder().fsPath;
    const config = join(root, '.vscode', 'mcp.json');
    await mkdir(join(root, '.vscode'), { recursive: true });
    await writeFile(config, JSON.stringify({ servers: { hostprobe: { type: 'stdio', command: process.execPath, args: [scriptedServer(), 'stdio'] } } }));
    try {
      // VS Code starts a configured server on its own (chat.mcp.autostart) or when asked to; ask both ways, and give it time.
      await vscode.workspace.getConfiguration('chat.mcp').update('autostart', 'newAndOutdated', vscode.ConfigurationTarget.Global).then(undefined, () => undefined);
      const startCommand = await Promise.resolve(vscode.commands.executeCommand('workbench.mcp.startServer', 'hostprobe')).then(() => 'ran', (error: unknown) => `failed: ${String(error)}`);
      const deadline = Date.now() + VSCODE_MCP_WAIT_MS;
      while (!vsCodeRunsServer('hostprobe') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      const runsIt = vsCodeRunsServer('hostprobe');
      // What this VS Code did, kept for the note and the README (the suite's console is not shown).
      const observed = { vscodeVersion: vscode.version, appName: vscode.env.appName, lmApi: vscode.lm !== undefined, lmTools: (vscode.lm?.tools ?? []).map((tool) => tool.name), offeredByLoupe: languageModelToolSource()?.tools.map((tool) => tool.name) ?? [], listsWorkspaceServer: runsIt, startCommand };
      const results = join(vscode.extensions.getExtension(LOUPE_ID)!.extensionPath, 'test-results', 'host');
      await mkdir(results, { recursive: true });
      await writeFile(join(results, 'vscode-lm-mcp-probe.json'), `${JSON.stringify(observed, null, 2)}\n`);
      const workspace = await VsCodeWorkspace.open(vscode.Uri.file(root));
      const said: string[] = [];
      mcp = await startTaskMcp({ workspace, processes, policy: { allowedEditGlobs: [], allowedCommands: [], approveAll: true }, approver: NOBODY, signal: new AbortController().signal, say: (message) => said.push(message) });
      const names = listExternalTools(mcp.sources).map((tool) => tool.qualifiedName);
      if (runsIt) {
        assert.ok(said.includes('MCP server hostprobe: VS Code runs it; its tools come through VS Code.'), said.join('\n'));
        assert.ok(!names.includes('hostprobe/echo'), 'not started twice');
        const source = languageModelToolSource();
        assert.ok(source);
        const echoName = source.tools.find((tool) => /hostprobe.*echo/i.test(tool.name))?.name;
        assert.ok(echoName, source.tools.map((tool) => tool.name).join(', '));
        assert.deepEqual(await source.call(echoName, { text: 'via VS Code' }, new AbortController().signal), { isError: false, content: [{ type: 'text', text: 'echo: via VS Code' }] });
      } else {
        assert.ok(said.includes('MCP server hostprobe (.vscode/mcp.json): 8 tools.'), said.join('\n'));
        assert.ok(names.includes('hostprobe/echo'), names.join(', '));
      }
    } finally {
      await rm(config, { force: true });
    }
  });
});
