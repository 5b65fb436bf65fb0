#!/usr/bin/env node
// An MCP server written with the SDK for Loupe's tests, over stdio or streamable HTTP, with tools that
// behave as real servers do when things go wrong: one that crashes, one that hangs, one that answers
// far too much or not in MCP's shape, and one that reports what its process may reach (to check
// that a server Loupe starts runs in the task's sandbox).
//   node scriptedMcpServer.mjs stdio [--tools N]
//   node scriptedMcpServer.mjs http [--tools N]   (prints "listening <url>" on stdout)
// Plain JavaScript so it runs as it is inside the sandbox, with no loader.
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const [mode = 'stdio', ...rest] = process.argv.slice(2);
const extraTools = Number(rest[rest.indexOf('--tools') + 1] ?? 0) || 0;
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const object = (properties = {}, required = []) => ({ type: 'object', properties, required });
const TOOLS = [
  { name: 'echo', description: 'Returns the text it is given.', inputSchema: object({ text: { type: 'string' } }, ['text']) },
  { name: 'huge', description: 'Returns a result of the given number of characters.', inputSchema: object({ chars: { type: 'number' } }, ['chars']) },
  { name: 'picture', description: 'Returns a one-pixel PNG and a caption.', inputSchema: object() },
  { name: 'crash', description: 'Writes to stderr and exits with code 3 while answering.', inputSchema: object() },
  { name: 'hang', description: 'Never answers.', inputSchema: object() },
  { name: 'malformed', description: 'Answers with a result whose content is not a list.', inputSchema: object() },
  { name: 'failing', description: 'Answers with isError: true.', inputSchema: object() },
  { name: 'reach', description: 'Tries to read and write the given paths and to connect to the given URL; says what happened.', inputSchema: object({ read: { type: 'array', items: { type: 'string' } }, write: { type: 'array', items: { type: 'string' } }, url: { type: 'string' } }) },
  ...Array.from({ length: extraTools }, (_, i) => ({ name: `extra_${i}`, description: `Extra tool number ${i}, for tests of many tools. It files reports about topic ${i}.`, inputSchema: object({ value: { type: 'string' } }) })),
];

async function attempt(run) {
  try {
    return `ok: ${String(await run()).slice(0, 200)}`;
  } catch (error) {
    return `failed: ${error.code ?? ''} ${error.message}`.slice(0, 300);
  }
}

async function callTool(name, args) {
  const text = (value) => ({ content: [{ type: 'text', text: value }] });
  switch (name) {
    case 'echo':
      return text(`echo: ${args.text}`);
    case 'huge':
      return text('x'.repeat(Number(args.chars)));
    case 'picture':
      return { content: [{ type: 'text', text: 'a red pixel' }, { type: 'image', mimeType: 'image/png', data: ONE_PIXEL_PNG }] };
    case 'crash':
      process.stderr.write('scripted server: crashing on purpose\n');
      process.exit(3);
      break;
    case 'hang':
      return new Promise(() => undefined);
    case 'malformed':
      return { content: 'this is not a list of blocks' };
    case 'failing':
      return { isError: true, content: [{ type: 'text', text: 'the tool failed on purpose' }] };
    case 'reach': {
      const lines = [];
      for (const path of args.read ?? []) lines.push(`read ${path}: ${await attempt(() => readFileSync(path, 'utf8'))}`);
      for (const path of args.write ?? []) lines.push(`write ${path}: ${await attempt(() => (writeFileSync(path, 'written by the MCP server\n'), 'written'))}`);
      if (args.url) lines.push(`fetch ${args.url}: ${await attempt(async () => (await fetch(args.url, { signal: AbortSignal.timeout(10_000) })).status)}`);
      return text(lines.join('\n'));
    }
    default:
      if (name.startsWith('extra_')) return text(`${name}: ${args.value ?? ''}`);
      throw new Error(`no tool ${name}`);
  }
}

function newServer() {
  const server = new Server({ name: 'scripted-test-server', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => callTool(request.params.name, request.params.arguments ?? {}));
  return server;
}

if (mode === 'stdio') {
  await newServer().connect(new StdioServerTransport());
} else if (mode === 'http') {
  // Stateless: a fresh server and transport per request, as the SDK's own examples for HTTP do.
  const http = createServer(async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await newServer().connect(transport);
    await transport.handleRequest(req, res);
  });
  http.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${http.address().port}/mcp\n`));
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
