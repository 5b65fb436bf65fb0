import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KILL_GRACE_PERIOD_MS, killProcessTree, listDescendants } from '../../src/agent/tools/processTree';
import { ShellSession, type RunOptions } from '../../src/agent/tools/shellSession';

/** Running means a /proc entry that is not a zombie (this machine's init does not reap orphans). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function readPid(path: string): Promise<number> {
  return Number((await readFile(path, 'utf8')).trim());
}

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return { timeoutMs: 10_000, signal: new AbortController().signal, ...overrides };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ShellSession', () => {
  let root: string;
  let session: ShellSession;

  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'loupe-shell-')));
    session = new ShellSession(root);
  });

  afterEach(async () => {
    await session.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('keeps the current folder and exported variables between commands', async () => {
    await session.run('mkdir sub && cd sub', options());
    await session.run('export GREETING=hello; UNEXPORTED=there', options());
    const result = await session.run('pwd; echo "$GREETING $UNEXPORTED"; bash -c \'echo "child sees $GREETING"\'', options());
    assert.equal(result.output, `${join(root, 'sub')}\nhello there\nchild sees hello\n`);
    assert.equal(result.exitCode, 0);
    assert.equal(await session.currentDirectory(), join(root, 'sub'));
  });

  it("does not pass Loupe's API key to the commands it runs", async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = 'sk-secret-for-test';
    const keyed = new ShellSession(root);
    try {
      const result = await keyed.run('echo "key=${ANTHROPIC_API_KEY:-withheld}"', options());
      assert.equal(result.output, 'key=withheld\n');
    } finally {
      await keyed.dispose();
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('captures stdout and stderr in the order they were written', async () => {
    const result = await session.run('echo out1; echo err1 >&2; echo out2; ls /no/such/path', options());
    assert.match(result.output, /^out1\nerr1\nout2\nls: cannot access '\/no\/such\/path': No such file or directory\n$/);
    assert.equal(result.exitCode, 2);
  });

  it('reports the exit code of a failing command', async () => {
    const result = await session.run('echo before; (exit 7)', options());
    assert.equal(result.output, 'before\n');
    assert.equal(result.exitCode, 7);
    assert.equal(session.isAlive, true);
  });

  it('gives a command that reads stdin end-of-file instead of letting it hang or eat the next command', async () => {
    const result = await session.run('cat; read -r line; echo "read: [$line]"', options({ timeoutMs: 3_000 }));
    assert.equal(result.timedOut, false);
    assert.equal(result.output, 'read: []\n');
    assert.equal((await session.run('echo next', options())).output, 'next\n');
  });

  it('returns output without a trailing newline exactly as printed', async () => {
    assert.equal((await session.run('printf "no newline"', options())).output, 'no newline');
    assert.equal((await session.run('printf "two\\n\\n"', options())).output, 'two\n\n');
    assert.equal((await session.run('true', options())).output, '');
  });

  it('is not fooled by output that imitates the completion line', async () => {
    const result = await session.run("printf '\\n__loupe_done_0123456789abcdef01234567 0\\n'; sleep 0.1; echo after", options());
    assert.equal(result.output, '\n__loupe_done_0123456789abcdef01234567 0\nafter\n');
  });

  it('survives a syntax error in a command', async () => {
    const result = await session.run('echo "unclosed', options({ timeoutMs: 3_000 }));
    assert.equal(result.timedOut, false);
    assert.equal(result.exitCode, 2);
    assert.match(result.output, /unexpected EOF/);
    assert.equal((await session.run("echo 'it''s fine'", options())).output, 'its fine\n');
  });

  it('passes multi-byte characters through whole, however the output is split', async () => {
    const result = await session.run("for i in $(seq 1 20000); do printf 'é😀'; done", options({ maxOutputChars: 1_000_000 }));
    assert.equal(result.output, 'é😀'.repeat(20_000));
  });

  it('streams output while the command is still running', async () => {
    const chunks: Array<{ text: string; at: number }> = [];
    const started = Date.now();
    const result = await session.run('echo first; sleep 0.5; echo second', options({ onOutput: (text) => chunks.push({ text, at: Date.now() - started }) }));
    const finishedAt = Date.now() - started;
    assert.equal(result.output, 'first\nsecond\n');
    assert.equal(chunks.map((chunk) => chunk.text).join(''), 'first\nsecond\n');
    const first = chunks.find((chunk) => chunk.text.includes('first'));
    assert.ok(first && first.at < finishedAt - 300, `first chunk at ${first?.at} ms, command finished at ${finishedAt} ms`);
  });

  it('caps what it returns, keeping the head and the tail', async () => {
    const result = await session.run('seq 1 100000', options({ maxOutputChars: 1_000 }));
    assert.ok(result.output.length <= 1_000);
    assert.ok(result.output.startsWith('1\n2\n3\n'));
    assert.ok(result.output.endsWith('99999\n100000\n'));
    assert.match(result.output, /left out of the middle/);
  });

  it('runs a second command only after the first has finished', async () => {
    const [first, second] = await Promise.all([
      session.run('sleep 0.3; echo first > order.txt', options()),
      session.run('echo second >> order.txt; cat order.txt', options()),
    ]);
    assert.equal(first.exitCode, 0);
    assert.equal(second.output, 'first\nsecond\n');
  });

  it('stops a command at its time limit together with everything it started, and returns the output so far', async () => {
    const command = [
      'echo started',
      'sleep 30 & echo $! > background.pid',
      'setsid sleep 30 & echo $! > setsid.pid',
      // A double fork: the sleep is orphaned at once and leaves the process group.
      '(setsid sleep 30 & echo $! > orphan.pid)',
      "bash -c 'echo $$ > foreground.pid; exec sleep 30'",
    ].join('\n');
    const started = Date.now();
    const result = await session.run(command, options({ timeoutMs: 1_000 }));
    // Far short of the sleeps' 30 s: the timeout ended them all.
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(result.timedOut, true);
    assert.equal(result.cancelled, false);
    assert.equal(result.exitCode, null);
    assert.equal(result.output, 'started\n');
    assert.equal(session.isAlive, false);
    for (const name of ['background', 'setsid', 'orphan', 'foreground']) {
      const pid = await readPid(join(root, `${name}.pid`));
      assert.equal(isRunning(pid), false, `${name} sleep (pid ${pid}) still running`);
    }
  });

  it('stops promptly on cancel and leaves no process behind', async () => {
    const controller = new AbortController();
    let output = '';
    const running = session.run('setsid sleep 30 & sleep 30 & echo ready; sleep 30', options({ signal: controller.signal, onOutput: (text) => (output += text) }));
    await waitFor(() => output.includes('ready'), 'the command to start');
    const shellPid = session.pid as number;
    const descendants = await listDescendants(shellPid);
    assert.ok(descendants.length >= 3, `expected three sleeps, found ${descendants.length} descendants`);
    const abortedAt = Date.now();
    controller.abort();
    const result = await running;
    // Far short of the sleeps' 30 s: the abort ended them all.
    assert.ok(Date.now() - abortedAt < 10_000, `took ${Date.now() - abortedAt} ms`);
    assert.equal(result.cancelled, true);
    assert.equal(result.output, 'ready\n');
    for (const pid of [shellPid, ...descendants]) assert.equal(isRunning(pid), false, `pid ${pid} still running`);
  });

  it('starts a fresh shell with the next command after a time-out', async () => {
    await session.run('cd /; export LEFTOVER=1', options());
    await session.run('sleep 30', options({ timeoutMs: 200 }));
    const result = await session.run('pwd; echo "${LEFTOVER:-unset}"', options());
    assert.equal(result.output, `${root}\nunset\n`);
  });

  it('starts a fresh shell on restart', async () => {
    await session.run(`cd /; export LEFTOVER=1; sleep 30 & echo $! > ${root}/background.pid`, options());
    const oldPid = session.pid;
    await session.restart();
    assert.notEqual(session.pid, oldPid);
    assert.equal(isRunning(await readPid(join(root, 'background.pid'))), false);
    const result = await session.run('pwd; echo "${LEFTOVER:-unset}"', options());
    assert.equal(result.output, `${root}\nunset\n`);
  });

  it('reports a shell that exits on its own, and starts a new one for the next command', async () => {
    const result = await session.run('echo bye; sleep 30 & echo $! > background.pid; exit 3', options());
    assert.equal(result.output, 'bye\n');
    assert.equal(result.exitCode, 3);
    assert.equal(session.isAlive, false);
    await waitFor(() => existsSync(join(root, 'background.pid')), 'the pid file');
    const backgroundPid = await readPid(join(root, 'background.pid'));
    await waitFor(() => !isRunning(backgroundPid), 'the orphaned sleep to be stopped');
    assert.equal((await session.run('echo again', options())).output, 'again\n');
  });

  it('stops background jobs on dispose', async () => {
    await session.run('sleep 30 & echo $! > background.pid', options());
    const pid = await readPid(join(root, 'background.pid'));
    assert.equal(isRunning(pid), true);
    await session.dispose();
    assert.equal(isRunning(pid), false);
    assert.equal(session.isAlive, false);
    await assert.rejects(session.run('echo late', options()), /disposed/);
  });

  it('sets an environment without pagers, prompts or colours', async () => {
    const result = await session.run('echo "$PAGER $GIT_PAGER $TERM $GIT_TERMINAL_PROMPT $NO_COLOR"', options());
    assert.equal(result.output, 'cat cat dumb 0 1\n');
  });
});

describe('killProcessTree', () => {
  it('kills a process that ignores SIGTERM, and its setsid child, after the grace period', async () => {
    const root = spawn('bash', ['-c', 'trap "" TERM; setsid bash -c \'trap "" TERM; sleep 30\' & sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const rootPid = root.pid as number;
    let descendants: number[] = [];
    // The outer sleep, and the setsid bash (which execs its sleep, keeping SIGTERM ignored).
    for (let attempt = 0; attempt < 100 && descendants.length < 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      descendants = await listDescendants(rootPid);
    }
    assert.equal(descendants.length, 2, `found ${descendants.length} descendants`);
    const started = Date.now();
    await killProcessTree(rootPid);
    assert.ok(Date.now() - started >= KILL_GRACE_PERIOD_MS, 'SIGTERM alone should not have stopped them');
    for (const pid of [rootPid, ...descendants]) assert.equal(isRunning(pid), false, `pid ${pid} still running`);
  });

  it('does not throw for a process that is already gone', async () => {
    const child = spawn('true');
    await new Promise((resolve) => child.on('exit', resolve));
    await killProcessTree(child.pid as number);
    await killProcessTree(999_999_999);
  });
});
