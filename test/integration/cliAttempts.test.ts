// loupe run --attempts N as a real process: three attempts in parallel against the Messages-API test
// server (each request answered by the attempt whose copy its prompt names), the project's test
// command in each attempt's sandbox, the judge, and the winner proposed to the real repository.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { reply, startMessagesApiServer, type MessagesApiServer, type ReplyTurn } from '../support/messagesApiServer';
import { routedTurns } from '../support/routedAttempts';
import { createTempRepo, FAILING_ADD_PROJECT, type TempRepo } from '../support/tempRepo';
import { buildCli, CLI } from '../support/builtCli';


const view = () => reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' });
const replace = (to: string) => reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: to });
const SCRIPTS: Record<number, ReplyTurn[]> = {
  // A plausible wrong fix: the project's test fails on it.
  1: [view(), replace('return b - a;'), reply.text('Swapped them.')],
  2: [view(), replace('return a + b;'), reply.text('Fixed.')],
  // Right too, with more lines changed.
  3: [view(), replace('const sum = a + b;\n  return sum;'), reply.text('Fixed with a variable.')],
};

describe('loupe run --attempts', function () {
  this.timeout(180_000);
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;
  let cache: string | undefined;

  before(async () => {
    await buildCli();
  });

  beforeEach(async () => {
    repo = await createTempRepo(FAILING_ADD_PROJECT);
    cache = await mkdtemp(join(tmpdir(), 'loupe-cache-'));
  });

  afterEach(async () => {
    await server?.close();
    await repo?.remove();
    if (cache) await rm(cache, { recursive: true, force: true });
    server = repo = cache = undefined;
  });

  it('drops the attempt that fails the tests, judges the rest, breaks the tie by the smaller diff, and proposes the winner to the folder', async () => {
    server = await startMessagesApiServer(routedTurns(SCRIPTS, reply.toolUse('score_attempts', { scores: [{ attempt: 2, score: 8, reason: 'Fixes add() in one line.' }, { attempt: 3, score: 8, reason: 'Also right, one more line.' }] })));
    const result = await execa(process.execPath, [CLI, 'run', 'The add test fails. Fix it.', '--cwd', repo!.root, '--yes', '--attempts', '3'], { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', XDG_CACHE_HOME: cache! }, extendEnv: true, reject: false, stdin: 'ignore', timeout: 150_000 });
    assert.equal(result.exitCode, 0, `${result.stdout}\n${result.stderr}`);
    assert.deepEqual(server.violations, []);
    const out = result.stdout;
    assert.match(out, /Each attempt is checked with `npm test` \(found in the project; --check CMD or loupe.checkCommand to choose\)\./);
    assert.match(out, /attempt 1: failed the check, check failed \(exit 1\), 1 files \+1 -1/);
    assert.match(out, /attempt 2: candidate, check passed, 1 files \+1 -1/);
    assert.match(out, /attempt 3: candidate, check passed, 1 files \+2 -1/);
    assert.match(out, /judge: attempt 2 8\/10: Fixes add\(\) in one line\.[\s\S]*judge: attempt 3 8\/10/);
    assert.match(out, /Attempt 2 is proposed to your folder\./);
    assert.equal(await readFile(join(repo!.root, 'src/add.js'), 'utf8'), 'function add(a, b) {\n  return a + b;\n}\n\nmodule.exports = { add };\n');
    // The attempts' copies are gone, and so are their worktrees from the user's repository.
    assert.deepEqual((await readdir(cache!)).filter((name) => name.startsWith('loupe-attempts-')), [], 'the attempts\' storage is removed');
    const worktrees = (await simpleGit(repo!.root).raw(['worktree', 'list', '--porcelain'])).match(/^worktree /gm) ?? [];
    assert.equal(worktrees.length, 1, 'only the user\'s own worktree is left');
  });

  it('leaves the folder unchanged and exits 1 when no attempt passes', async () => {
    SCRIPTS[2] = [view(), replace('return a * b;'), reply.text('Fixed?')];
    SCRIPTS[3] = [view(), replace('return 5;'), reply.text('Fixed!')];
    try {
      // return 5 passes the one test: the judge is not needed for a single candidate, so it is not asked.
      server = await startMessagesApiServer(routedTurns(SCRIPTS));
      const result = await execa(process.execPath, [CLI, 'run', 'Fix it.', '--cwd', repo!.root, '--yes', '--attempts', '3', '--check', 'node test/add.test.js && node -e "process.exit(require(\'./src/add\').add(1, 1) === 2 ? 0 : 1)"'], { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', XDG_CACHE_HOME: cache! }, extendEnv: true, reject: false, stdin: 'ignore', timeout: 150_000 });
      assert.equal(result.exitCode, 1, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, /No attempt passed the check; the folder is unchanged\./);
      assert.match(result.stdout, /attempt 3: failed the check/);
      assert.equal(await readFile(join(repo!.root, 'src/add.js'), 'utf8'), FAILING_ADD_PROJECT['src/add.js']);
    } finally {
      SCRIPTS[2] = [view(), replace('return a + b;'), reply.text('Fixed.')];
      SCRIPTS[3] = [view(), replace('const sum = a + b;\n  return sum;'), reply.text('Fixed with a variable.')];
    }
  });

  it('refuses --computer virtual once, before any attempt, on a machine without Xvfb: no request, no copy, the folder unchanged', async () => {
    // The machine's PATH as it is, less Xvfb: a folder of links to every program on it but that one.
    const path = await mkdtemp(join(tmpdir(), 'loupe-no-xvfb-'));
    try {
      for (const folder of (process.env.PATH ?? '').split(':').filter(Boolean).reverse()) {
        for (const name of await readdir(folder).catch(() => [] as string[])) if (name !== 'Xvfb') await symlink(join(folder, name), join(path, name)).catch(() => undefined);
      }
      server = await startMessagesApiServer([]);
      const result = await execa(process.execPath, [CLI, 'run', 'Fix it.', '--cwd', repo!.root, '--yes', '--attempts', '2', '--computer', 'virtual'], { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', XDG_CACHE_HOME: cache!, PATH: path }, extendEnv: true, reject: false, stdin: 'ignore', timeout: 150_000 });
      assert.equal(result.exitCode, 1, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, /loupe: Cannot start computer use \(--computer virtual\): Xvfb is not installed/);
      assert.equal(server.requests.length, 0);
      assert.deepEqual((await readdir(cache!)).filter((name) => name.startsWith('loupe-attempts-')), []);
      const worktrees = (await simpleGit(repo!.root).raw(['worktree', 'list', '--porcelain'])).match(/^worktree /gm) ?? [];
      assert.equal(worktrees.length, 1, 'no attempt\'s worktree was made, or one was left');
      assert.equal(await readFile(join(repo!.root, 'src/add.js'), 'utf8'), FAILING_ADD_PROJECT['src/add.js']);
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});
