import assert from 'node:assert/strict';
import { DEFAULT_MAX_STEPS } from '../../src/agent/createAgentSession';
import { parseCliArgs, UsageError } from '../../src/cli/cliArgs';

describe('CLI arguments', () => {
  it('parses the full contract', () => {
    const parsed = parseCliArgs(['run', 'fix it', '--cwd', '/repo', '--model', 'claude-opus-5-5', '--thinking', 'on', '--yes', '--computer', 'off', '--max-steps', '7', '--max-cost', '2.5', '--stream-idle-timeout', '30', '--json', '--sandbox', 'off', '--allow-domain', 'example.com', '--allow-domain', '*.corp.test', '--allow-write', '/cache', '--protect', 'deploy/*.sh', '--mcp', 'off', '--allow-tool', 'github/get_*', '--allow-tool', 'docs/search', '--attempts', '3', '--check', 'npm test'], '/here');
    assert.deepEqual(parsed, { kind: 'run', args: { task: 'fix it', cwd: '/repo', model: 'claude-opus-5-5', thinking: true, yes: true, computer: 'off', maxSteps: 7, maxCostUsd: 2.5, streamIdleTimeoutSeconds: 30, json: true, sandbox: 'off', allowDomains: ['example.com', '*.corp.test'], allowWrite: ['/cache'], protect: ['deploy/*.sh'], mcp: 'off', allowTools: ['github/get_*', 'docs/search'], attempts: 3, check: 'npm test' } });
  });

  it('defaults to the current folder, thinking off, no approval, and the default step limit', () => {
    const parsed = parseCliArgs(['run', 'task'], '/here');
    assert.deepEqual(parsed, { kind: 'run', args: { task: 'task', cwd: '/here', model: undefined, thinking: false, yes: false, computer: 'off', maxSteps: DEFAULT_MAX_STEPS, maxCostUsd: undefined, streamIdleTimeoutSeconds: undefined, json: false, sandbox: 'on', allowDomains: [], allowWrite: [], protect: [], mcp: 'on', allowTools: [], attempts: 1, check: undefined } });
  });

  it('takes --attempts with --computer virtual: each attempt gets a private display of its own', () => {
    const parsed = parseCliArgs(['run', 'x', '--attempts', '2', '--computer', 'virtual'], '/here');
    assert.equal(parsed.kind, 'run');
    assert.deepEqual(parsed.kind === 'run' && { attempts: parsed.args.attempts, computer: parsed.args.computer }, { attempts: 2, computer: 'virtual' });
  });

  it('takes --computer desktop for a single attempt', () => {
    const parsed = parseCliArgs(['run', 'x', '--attempts', '1', '--computer', 'desktop'], '/here');
    assert.deepEqual(parsed.kind === 'run' && parsed.args.computer, 'desktop');
  });

  for (const [args, message] of [
    [['run'], /Missing task/],
    [['walk', 'x'], /Unknown command "walk"/],
    [['run', 'x', '--max-steps', '0'], /--max-steps must be a whole number/],
    [['run', 'x', '--max-steps', 'ten'], /--max-steps must be a whole number/],
    [['run', 'x', '--computer', 'yes'], /--computer must be off, virtual or desktop/],
    [['run', 'x', '--bogus'], /bogus/],
    [['run', 'x', '--max-cost', '0'], /--max-cost must be a positive amount/],
    [['run', 'x', '--stream-idle-timeout', 'soon'], /--stream-idle-timeout must be a positive number of seconds/],
    [['run', 'x', 'y'], /quote the task/],
    [['run', 'x', '--sandbox', 'maybe'], /--sandbox must be on or off/],
    [['run', 'x', '--allow-domain', 'https://example.com/'], /--allow-domain takes a host name/],
    [['run', 'x', '--mcp', 'maybe'], /--mcp must be on or off/],
    [['run', 'x', '--attempts', '9'], /--attempts must be a whole number from 1 to 8/],
    [['run', 'x', '--attempts', '2', '--computer', 'desktop'], /--attempts with --computer desktop cannot work: one screen cannot be driven by several attempts at once\. Use --computer virtual/],
    [['run', 'x', '--allow-tool', 'echo'], /--allow-tool takes server\/tool/],
  ] as const) {
    it(`rejects ${JSON.stringify(args)} with a clear message`, () => {
      assert.throws(() => parseCliArgs([...args], '/'), (error: unknown) => error instanceof UsageError && message.test(error.message));
    });
  }
});
