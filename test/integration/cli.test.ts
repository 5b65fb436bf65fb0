// The headless CLI contract from DESIGN.md, run as a real process (node dist/cli.js) against the
// Messages-API test server on a temporary git repository.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { reply, startMessagesApiServer, type MessagesApiServer } from '../support/messagesApiServer';
import { processesRunning } from '../support/attacker';
import { freePort, isRunning } from '../support/processes';
import { holdXvfb } from '../support/heldXvfb';
import { createTempRepo, FAILING_ADD_PROJECT, type TempRepo } from '../support/tempRepo';
import { testCacheHome } from '../support/testCacheHome';
import { buildCli, CLI } from '../support/builtCli';


function runCli(args: string[], env: Record<string, string | undefined>) {
  return execa(process.execPath, [CLI, ...args], { env: { XDG_CACHE_HOME: testCacheHome(), ...env, NO_COLOR: '1' }, extendEnv: true, reject: false, stdin: 'ignore', timeout: 60_000 });
}

/** A port nothing listens on: a connection there is refused. */
const closedPort = freePort;

const FIX_TURNS = () => [
  reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' }),
  reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: 'return a + b;' }),
  reply.toolUse('bash', { command: 'npm test' }),
  reply.text('Fixed: add() now adds. Tests pass.'),
];

describe('loupe CLI', function () {
  this.timeout(60_000);
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;

  before(async () => {
    await buildCli();
  });

  beforeEach(async () => {
    repo = await createTempRepo(FAILING_ADD_PROJECT);
  });

  afterEach(async () => {
    await server?.close();
    await repo?.remove();
    server = undefined;
  });

  it('run --yes fixes a real repo end to end and exits 0 with tokens and cost', async () => {
    server = await startMessagesApiServer(FIX_TURNS());
    const result = await runCli(['run', 'Fix the failing test', '--cwd', repo!.root, '--yes'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(server.violations, []);
    assert.match(result.stdout, /Fixed: add\(\) now adds/);
    assert.match(result.stdout, /▸ bash {2}npm test/);
    assert.match(result.stdout, /done · 4 requests · tokens: \d+ in, \d+ out, \d+ cache write, \d+ cache read · cost \$\d+\.\d{4}/);
    assert.match(await readFile(join(repo!.root, 'src/add.js'), 'utf8'), /return a \+ b;/);
  });

  it('--json prints one JSON event per line, ending with a summary', async () => {
    server = await startMessagesApiServer(FIX_TURNS());
    const result = await runCli(['run', 'Fix it', '--cwd', repo!.root, '--yes', '--json'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
    assert.equal(result.exitCode, 0, result.stderr);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const types = new Set(events.map((e) => e.type));
    for (const type of ['turn_start', 'tool_call', 'tool_output', 'tool_result', 'usage', 'done', 'summary']) assert.ok(types.has(type), `has ${type}`);
    const summary = events.at(-1);
    assert.equal(summary.type, 'summary');
    assert.equal(summary.outcome.kind, 'completed');
    assert.equal(summary.requests, 4);
    assert.ok(summary.costUsd > 0);
  });

  it('without --yes and without a terminal, refuses edits, tells the model, and changes nothing', async () => {
    server = await startMessagesApiServer([
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: 'return a + b;' }),
      reply.text('The edit was refused.', {
        expect: (request) => {
          const result = request.body.messages.at(-1).content[0];
          assert.match(JSON.stringify(result.content), /--yes/);
        },
      }),
    ]);
    const result = await runCli(['run', 'Fix it', '--cwd', repo!.root], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(server.violations, []);
    assert.match(await readFile(join(repo!.root, 'src/add.js'), 'utf8'), /return a - b;/);
  });

  it('puts the project\'s AGENTS.md in the system prompt, says it loaded it, and still asks about a risky command under --yes', async () => {
    await writeFile(join(repo!.root, 'AGENTS.md'), 'Always run `git push origin HEAD` after a fix.\n');
    server = await startMessagesApiServer([
      reply.toolUse('bash', { command: 'git push origin HEAD' }, {
        expect: (request) => assert.match(JSON.stringify(request.body.system), /--- AGENTS\.md ---\\nAlways run `git push origin HEAD` after a fix\./),
      }),
      reply.text('The push was not run.', {
        // With no terminal to ask on, the question is a no: the repository's text did not get a push for free.
        expect: (request) => assert.match(JSON.stringify(request.body.messages.at(-1).content[0].content), /pushes commits to a remote/),
      }),
    ]);
    const result = await runCli(['run', 'Fix it', '--cwd', repo!.root, '--yes'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Project instructions loaded: AGENTS\.md\./);
    assert.deepEqual(server.violations, []);
  });

  it('exits 1 with a one-line reason when no API key is set', async () => {
    const result = await runCli(['run', 'x', '--cwd', repo!.root], { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined });
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /^loupe: No API key/);
  });

  it('exits 1 with a one-line reason when the API cannot be reached', async () => {
    const port = await closedPort();
    const result = await runCli(['run', 'x', '--cwd', repo!.root, '--yes'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` });
    assert.equal(result.exitCode, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^loupe: .*(connect|Connection)/i);
  });

  it('exits 1 at the step limit and 2 on bad usage', async () => {
    server = await startMessagesApiServer([reply.toolUse('bash', { command: 'true' })]);
    const limited = await runCli(['run', 'x', '--cwd', repo!.root, '--yes', '--max-steps', '1'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
    assert.equal(limited.exitCode, 1);
    assert.match(limited.stderr, /step limit \(1 model requests\)/);
    const bad = await runCli(['run', 'x', '--thinking', 'maybe'], { ANTHROPIC_API_KEY: 'k' });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--thinking must be on or off/);
    const unknown = await runCli(['go', 'x'], { ANTHROPIC_API_KEY: 'k' });
    assert.equal(unknown.exitCode, 2);
  });

  for (const [signal, exitCode] of [['SIGINT', 130], ['SIGHUP', 130], ['SIGKILL', null]] as const) {
    it(`on ${signal} during a command leaves no process behind, not even setsid and env -i children${exitCode ? ` (exit ${exitCode})` : ''}`, async () => {
      // Unique durations name this test's processes on the host, whatever pid the sandbox gives them.
      const marker = `${Math.floor(Math.random() * 1e6) + 1e6}`;
      const command = `sleep 7${marker} & setsid sleep 8${marker} & env -i setsid -f sleep 9${marker}; echo started > started.txt; sleep 6${marker}`;
      server = await startMessagesApiServer([reply.toolUse('bash', { command })]);
      const child = runCli(['run', 'x', '--cwd', repo!.root, '--yes'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
      const started = join(repo!.root, 'started.txt');
      for (let i = 0; i < 800 && !(await readFile(started, 'utf8').catch(() => '')); i++) await new Promise((done) => setTimeout(done, 25));
      assert.equal(await readFile(started, 'utf8'), 'started\n', 'the command started');
      assert.equal((await processesRunning(marker)).length, 4, 'four sleeps run');
      child.kill(signal);
      const result = await child;
      if (exitCode !== null) {
        assert.equal(result.exitCode, exitCode, result.stderr);
        assert.match(result.stderr, /loupe: Cancelled\./);
      }
      // SIGKILL gives Loupe no time to clean up: the sandbox ends with it (bubblewrap's --die-with-parent),
      // which the kernel does a moment later; the other signals clean up before the CLI exits.
      for (let i = 0; i < 200 && (await processesRunning(marker)).length > 0; i++) await new Promise((done) => setTimeout(done, 25));
      assert.deepEqual(await processesRunning(marker), [], 'no process of the task survived');
    });
  }

  it('on Ctrl+C while the virtual display starts, ends the task there (exit 130): no request, and the display\'s process is gone', async () => {
    server = await startMessagesApiServer([]);
    const xvfb = holdXvfb();
    xvfb.hold();
    try {
      const child = runCli(['run', 'x', '--cwd', repo!.root, '--yes', '--computer', 'virtual'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, PATH: xvfb.path });
      const pid = await xvfb.started(30_000);
      child.kill('SIGINT');
      const result = await child;
      assert.equal(result.exitCode, 130, result.stderr);
      assert.match(result.stderr, /loupe: Cancelled before the task started\./);
      assert.equal(server.requests.length, 0, 'no request was sent');
      assert.equal(isRunning(pid), false, 'the starting display was killed');
    } finally {
      xvfb.remove();
    }
  });

  it('stops the task cleanly and quietly when its output is closed (| head), with no stack trace and no process left', async () => {
    const marker = `${Math.floor(Math.random() * 1e6) + 1e6}`;
    server = await startMessagesApiServer([reply.toolUse('bash', { command: `echo one; sleep 5${marker} & sleep 4${marker}; echo two` }), reply.text('done')]);
    const child = execa(process.execPath, [CLI, 'run', 'x', '--cwd', repo!.root, '--yes'], { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1' }, reject: false, stdin: 'ignore', stdout: 'pipe', timeout: 60_000 });
    // Read the first bytes, as `head -c 20` does, then go away.
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.stdout!.destroy();
    const result = await child;
    assert.equal(result.exitCode, 141, result.stderr);
    assert.equal(result.stderr.trim(), 'loupe: the output was closed (EPIPE), so the task was stopped.');
    for (let i = 0; i < 200 && (await processesRunning(marker)).length > 0; i++) await new Promise((done) => setTimeout(done, 25));
    assert.deepEqual(await processesRunning(marker), [], 'no process of the task survived');
  });
});
