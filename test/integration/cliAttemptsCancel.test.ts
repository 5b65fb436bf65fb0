// Stop stops them all: Ctrl+C while three attempts each run a command in their own sandbox ends every
// attempt's processes, removes every copy, and leaves the user's folder as it was. Real CLI process,
// real git worktrees, real sandboxes; the attempts' requests are routed by the copy each names.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { processesRunning } from '../support/attacker';
import { reply, startMessagesApiServer, type MessagesApiServer } from '../support/messagesApiServer';
import { routedTurns } from '../support/routedAttempts';
import { createTempRepo, FAILING_ADD_PROJECT, treeBytes, type TempRepo } from '../support/tempRepo';
import { buildCli, CLI } from '../support/builtCli';


describe('loupe run --attempts, stopped', function () {
  this.timeout(180_000);
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;
  let cache: string | undefined;

  before(async () => {
    await buildCli();
  });

  afterEach(async () => {
    await server?.close();
    await repo?.remove();
    if (cache) await rm(cache, { recursive: true, force: true });
    server = repo = cache = undefined;
  });

  it('on Ctrl+C ends every attempt (exit 130): no process left, no copy left, the folder unchanged', async () => {
    repo = await createTempRepo(FAILING_ADD_PROJECT);
    cache = await mkdtemp(join(tmpdir(), 'loupe-cache-'));
    const before = await treeBytes(repo.root);
    // Unique durations name this test's processes on the host, whatever pid each sandbox gives them.
    const marker = `${Math.floor(Math.random() * 1e6) + 1e6}`;
    const longCommand = (attempt: number) => reply.toolUse('bash', { command: `echo ${attempt} > src/changed-${attempt}.txt; sleep 6${marker}` });
    server = await startMessagesApiServer(routedTurns({ 1: [longCommand(1)], 2: [longCommand(2)], 3: [longCommand(3)] }));
    const child = execa(process.execPath, [CLI, 'run', 'Fix it.', '--cwd', repo.root, '--yes', '--attempts', '3'], { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', XDG_CACHE_HOME: cache }, extendEnv: true, reject: false, stdin: 'ignore', timeout: 150_000 });
    // Polls with a bound, for the three sandboxes' commands: the event is another process's.
    for (let i = 0; i < 2400 && (await processesRunning(marker)).length < 3; i++) await new Promise((done) => setTimeout(done, 25));
    assert.equal((await processesRunning(marker)).length, 3, 'each attempt runs its command');
    child.kill('SIGINT');
    const result = await child;
    assert.equal(result.exitCode, 130, result.stderr);
    assert.match(result.stderr, /loupe: Cancelled\./);
    assert.deepEqual(await processesRunning(marker), [], 'no attempt\'s process survived');
    assert.equal(server.remainingTurns(), 0);
    const worktrees = (await simpleGit(repo.root).raw(['worktree', 'list', '--porcelain'])).match(/^worktree /gm) ?? [];
    assert.equal(worktrees.length, 1, 'the attempts\' worktrees are removed');
    assert.deepEqual((await readdir(cache)).filter((name) => name.startsWith('loupe-attempts-')), [], 'the attempts\' storage is removed');
    assert.deepEqual(await treeBytes(repo.root), before, "the user's folder changed");
  });
});
