// `loupe run --attempts N` says what the run will likely cost, and where it stops, before the first
// attempt's first request: checked by reading the CLI's output (written to a file, so what was
// written is there) at the moment the Messages-API test server receives that request. The estimate
// comes from the tasks run before, in the same cache folder.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { reply, startMessagesApiServer, type MessagesApiServer, type ReplyTurn } from '../support/messagesApiServer';
import { routedTurns } from '../support/routedAttempts';
import { createTempRepo, FAILING_ADD_PROJECT, type TempRepo } from '../support/tempRepo';
import { buildCli, CLI } from '../support/builtCli';

const MODEL = 'claude-sonnet-5-5';

// Attempts that look and change nothing: no candidate, so no judge, and the run is quick.
const LOOK_ONLY: Record<number, ReplyTurn[]> = { 1: [reply.text('Nothing to change.')], 2: [reply.text('Nothing to change here either.')] };

/** The scripted attempts, with what the CLI had written to `file` when the first request arrived. */
function turnsNotingOutput(file: string): { turns: ReplyTurn[]; atFirstRequest: () => string | undefined } {
  const turns = routedTurns(LOOK_ONLY);
  const route = turns[0]!.prepare!;
  let seen: string | undefined;
  turns[0]!.prepare = async (request, turn) => {
    seen = await readFile(file, 'utf8');
    await route(request, turn);
  };
  return { turns, atFirstRequest: () => seen };
}

describe('loupe run --attempts: the cost estimate and cap before the run', function () {
  this.timeout(180_000);
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;
  let cache: string;
  let outputs: string;

  const loupe = (args: string[], files: { stdout?: string; stderr?: string } = {}) =>
    execa(process.execPath, [CLI, 'run', ...args, '--cwd', repo!.root, '--model', MODEL], {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server!.url, NO_COLOR: '1', XDG_CACHE_HOME: cache },
      extendEnv: true,
      reject: false,
      stdin: 'ignore',
      timeout: 150_000,
      ...(files.stdout ? { stdout: { file: files.stdout } } : {}),
      ...(files.stderr ? { stderr: { file: files.stderr } } : {}),
    });

  before(async () => {
    await buildCli();
  });

  beforeEach(async () => {
    repo = await createTempRepo(FAILING_ADD_PROJECT);
    cache = await mkdtemp(join(tmpdir(), 'loupe-cache-'));
    outputs = await mkdtemp(join(tmpdir(), 'loupe-outputs-'));
  });

  afterEach(async () => {
    await server?.close();
    await repo?.remove();
    await rm(cache, { recursive: true, force: true });
    await rm(outputs, { recursive: true, force: true });
    server = repo = undefined;
  });

  it('says there is no estimate yet and no cap on stderr before the first attempt asks the model, then keeps each attempt\'s cost', async () => {
    const stderr = join(outputs, 'stderr');
    const { turns, atFirstRequest } = turnsNotingOutput(stderr);
    server = await startMessagesApiServer(turns);
    const result = await loupe(['Look at add.js.', '--yes', '--attempts', '2', '--check', 'true'], { stderr });
    const written = await readFile(stderr, 'utf8');
    assert.equal(result.exitCode, 1, `${result.stdout}\n${written}`);
    assert.deepEqual(server.violations, []);
    assert.equal(server.remainingTurns(), 0);
    const before = atFirstRequest() ?? '';
    assert.match(before, new RegExp(`^loupe: No cost estimate yet: no earlier task with ${MODEL} on record \\(each finished task's cost is kept, so the next run has one\\)\\.$`, 'm'));
    assert.match(before, /^loupe: No cost cap: nothing stops the attempts on cost \(--max-cost USD sets one\)\.$/m);
    const history = JSON.parse(await readFile(join(cache, 'loupe', 'cost-history.json'), 'utf8')) as { tasks: Array<{ model: string; costUsd: number }> };
    assert.equal(history.tasks.length, 2, 'one entry per attempt, none for a judge that did not run');
    assert.ok(history.tasks.every((task) => task.model === MODEL && task.costUsd > 0));
  });

  it('bases the next run\'s estimate on the task run before it, and shows the cap, as a JSON line before the first request', async () => {
    server = await startMessagesApiServer([reply.text('Hello.', { usage: { input_tokens: 1200, output_tokens: 300 } })]);
    const first = await loupe(['Say hello.', '--json']);
    assert.equal(first.exitCode, 0, `${first.stdout}\n${first.stderr}`);
    const summary = first.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; costUsd?: number }).find((line) => line.type === 'summary');
    const firstCost = summary?.costUsd ?? 0;
    assert.ok(firstCost > 0);
    await server.close();

    const stdout = join(outputs, 'stdout');
    const { turns, atFirstRequest } = turnsNotingOutput(stdout);
    server = await startMessagesApiServer(turns);
    const result = await loupe(['Look at add.js.', '--yes', '--attempts', '2', '--check', 'true', '--max-cost', '5', '--json'], { stdout });
    assert.equal(result.exitCode, 1, `${await readFile(stdout, 'utf8')}\n${result.stderr}`);
    const lines = (atFirstRequest() ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const estimate = lines.find((line) => line.type === 'cost_estimate');
    assert.ok(estimate, `no cost_estimate line before the first request: ${atFirstRequest()}`);
    assert.equal(estimate.kind, 'estimate');
    assert.equal(estimate.attempts, 2);
    assert.equal(estimate.basedOnTasks, 1);
    assert.equal(estimate.medianUsd, firstCost);
    assert.equal(estimate.totalUsd, 2 * firstCost);
    assert.equal(estimate.capUsd, 5);
    assert.match(String(estimate.message), new RegExp(`^Cost estimate: about \\$\\d\\.\\d{4} for 2 attempts \\(2 × \\$\\d\\.\\d{4}, what your one earlier task with ${MODEL} cost: a rough guide\\), plus one request for the judge\\. Cost cap: all attempts and the judge together stop at \\$5\\.00 \\(--max-cost USD\\)\\.$`));
    assert.ok(!lines.some((line) => line.type === 'tool_call' || line.type === 'text_delta'), 'nothing of an attempt came before it');
  });
});
