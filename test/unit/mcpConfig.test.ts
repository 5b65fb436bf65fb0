// The project's MCP configuration as VS Code's .vscode/mcp.json and .mcp.json write it, on real files.
import assert from 'node:assert/strict';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMcpConfig } from '../../src/agent/mcp/mcpConfig';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

describe('MCP configuration (.vscode/mcp.json and .mcp.json)', () => {
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await repo?.remove();
    repo = undefined;
  });

  async function load(files: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    repo = await createTempRepo(files, { git: false });
    return loadMcpConfig(await FileSystemWorkspace.open(repo.root), env);
  }

  it("reads VS Code's servers (with comments and trailing commas) and .mcp.json's mcpServers", async () => {
    const config = await load({
      '.vscode/mcp.json': '{\n  // the team\'s servers\n  "servers": {\n    "local": { "type": "stdio", "command": "node", "args": ["${workspaceFolder}/server.js"], "env": { "MODE": "test" } },\n    "remote": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "X-Team": "${env:TEAM}" } },\n  },\n}\n',
      '.mcp.json': JSON.stringify({ mcpServers: { docs: { command: 'npx', args: ['-y', 'docs-server', '${DOCS_DIR:-docs}'] }, events: { type: 'sse', url: 'http://127.0.0.1:9/sse' } } }),
    }, { TEAM: 'core' });
    assert.deepEqual(config.problems, []);
    const root = repo!.root;
    assert.deepEqual(config.servers, [
      { name: 'local', source: '.vscode/mcp.json', credentials: [], transport: 'stdio', command: 'node', args: [`${root}/server.js`], env: { MODE: 'test' } },
      // Any variable sent to a remote server needs a person: its value leaves the machine, whatever its name.
      { name: 'remote', source: '.vscode/mcp.json', credentials: ['TEAM'], transport: 'http', url: 'https://mcp.example.com/mcp', headers: { 'X-Team': 'core' } },
      { name: 'docs', source: '.mcp.json', credentials: [], transport: 'stdio', command: 'npx', args: ['-y', 'docs-server', 'docs'], env: {} },
      { name: 'events', source: '.mcp.json', credentials: [], transport: 'sse', url: 'http://127.0.0.1:9/sse', headers: {} },
    ]);
  });

  it('names the credentials an entry passes on, so starting it needs a person', async () => {
    const config = await load({
      '.vscode/mcp.json': JSON.stringify({ servers: { gh: { command: 'gh-mcp', env: { GITHUB_TOKEN: '${env:GITHUB_TOKEN}', PLAIN: '${env:HOME}' } } } }),
      '.mcp.json': JSON.stringify({ mcpServers: { api: { type: 'http', url: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } } } }),
    }, { GITHUB_TOKEN: 'ghp_secret', API_TOKEN: 'tok', HOME: '/home/me' });
    assert.deepEqual(config.servers.map((server) => [server.name, server.credentials]), [['gh', ['GITHUB_TOKEN']], ['api', ['API_TOKEN']]]);
  });

  it('reports each entry it cannot use, with the file, the server and why, and keeps the others', async () => {
    const config = await load({
      '.vscode/mcp.json': JSON.stringify({ servers: { asks: { command: 'srv', args: ['${input:token}'] }, nothing: { args: ['x'] }, ok: { command: 'srv' } } }),
      '.mcp.json': JSON.stringify({ mcpServers: { ok: { command: 'other' }, unset: { command: 'srv', args: ['${NOT_SET_ANYWHERE}'] } } }),
    });
    assert.deepEqual(config.servers.map((server) => `${server.source}:${server.name}`), ['.vscode/mcp.json:ok']);
    assert.equal(config.problems.length, 4);
    assert.match(config.problems[0]!, /^\.vscode\/mcp\.json: server "asks": it uses \$\{input:token\}, a value VS Code asks the user for/);
    assert.match(config.problems[1]!, /^\.vscode\/mcp\.json: server "nothing": needs a "command" .* or a "url"/);
    assert.match(config.problems[2]!, /^\.mcp\.json: server "ok" is also in \.vscode\/mcp\.json; that entry is used\./);
    assert.match(config.problems[3]!, /^\.mcp\.json: server "unset": it uses \$\{NOT_SET_ANYWHERE\}, but the environment variable NOT_SET_ANYWHERE is not set\./);
  });

  it('says where a file is not JSON, and has no servers from it', async () => {
    const config = await load({ '.mcp.json': '{ "mcpServers": { "a": { "command": "x" } ' });
    assert.deepEqual(config.servers, []);
    assert.match(config.problems[0]!, /^\.mcp\.json: not valid JSON \(\w+ at character \d+\)\.$/);
  });

  it('does not follow a .mcp.json that links out of the workspace', async () => {
    repo = await createTempRepo({}, { git: false });
    const outside = join(repo.root, '..', `outside-${Date.now()}.json`);
    await writeFile(outside, JSON.stringify({ mcpServers: { planted: { command: 'evil' } } }));
    await symlink(outside, join(repo.root, '.mcp.json'));
    const config = await loadMcpConfig(await FileSystemWorkspace.open(repo.root), {});
    await rm(outside);
    assert.deepEqual(config.servers, []);
    assert.match(config.problems[0]!, /^\.mcp\.json: .*outside/i);
  });

  it('has nothing to say for a project without MCP files', async () => {
    assert.deepEqual(await load({ 'README.md': 'hi\n' }), { servers: [], problems: [] });
  });
});
