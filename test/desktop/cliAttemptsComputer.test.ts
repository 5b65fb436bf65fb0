// loupe run --attempts 2 --computer virtual as a real process: each attempt gets a private Xvfb
// display of its own and a bubblewrap sandbox with its own network, so both serve their own page on
// the SAME port at once; each opens it on its display and must see its own page (by colour) in its
// screenshot, never the other's. The check runs on the attempt's display while it is still up; the
// judge's pick is applied; afterwards no display is left (Xvfb ended, lock and socket files gone).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { centreOf, computer, latestScreenshot } from '../support/formApp';
import { reply, startMessagesApiServer, type MessagesApiServer, type RecordedRequest, type ReplyBlock, type ReplyTurn } from '../support/messagesApiServer';
import { displayIsUp, freePort, isRunning, xServerPid } from '../support/processes';
import { senderOf } from '../support/routedAttempts';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { buildCli, CLI } from '../support/builtCli';


/** Each attempt paints its page in its own colour, so a screenshot tells whose app it shows. */
const COLOURS: Record<number, readonly [number, number, number]> = { 1: [200, 30, 30], 2: [30, 160, 60] };
const pageOf = (attempt: number) => `<!doctype html><html><body style="margin:0;height:100vh;background:rgb(${COLOURS[attempt]!.join(',')})"></body></html>\n`;

/** Serves page.html on a port fixed in advance: the same for both attempts, which only separate networks allow. */
const appServer = (port: number) => `const http = require('http'); const fs = require('fs');
const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/html'); res.end(fs.readFileSync('page.html')); });
server.on('error', (error) => { console.log('cannot listen: ' + error.code); process.exit(1); });
server.listen(${port}, '127.0.0.1', () => console.log('app listening on http://127.0.0.1:${port}/'));
`;

/** What one attempt saw while it ran. */
interface Seen {
  xvfbPid?: number;
  xvfbProgram?: string | undefined;
  socketsInSandbox?: string;
  screenshot?: { width: number; height: number; own: boolean; other: boolean };
}

const lastResultText = (request: RecordedRequest) => JSON.stringify(request.body.messages.at(-1).content);

type Step = (request: RecordedRequest) => Promise<ReplyBlock[]>;

/**
 * One attempt's model: view and rewrite its page, look at what its sandbox sees of the X sockets, start the app,
 * open it on the display, take screenshots until its page has painted, then finish.
 */
function attemptSteps(attempt: number, port: number, seen: Seen, again: () => void): Step[] {
  const steps: Step[] = [
    // The editor replaces only a file the model has seen, as a real model must.
    async () => [{ type: 'tool_use', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'page.html' } }],
    async () => [{ type: 'tool_use', name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'page.html', file_text: pageOf(attempt) } }],
    async () => [{ type: 'tool_use', name: 'bash', input: { command: 'ls /tmp/.X11-unix; echo "DISPLAY=$DISPLAY"' } }],
    async (request) => {
      seen.socketsInSandbox = lastResultText(request);
      return [{ type: 'tool_use', name: 'background_process', input: { action: 'start', name: 'app', command: 'node server.js', wait_for: 'listening on' } }];
    },
    async (request) => {
      assert.match(lastResultText(request), /app listening on/, `attempt ${attempt}'s app started on port ${port}`);
      // The app is in the sandbox's own network: nothing listens on that port on the machine's loopback.
      await assert.rejects(fetch(`http://127.0.0.1:${port}/`), `attempt ${attempt}'s app is not on the host's loopback`);
      return [{ type: 'tool_use', name: 'open_on_display', input: { url: `http://127.0.0.1:${port}/` } }];
    },
    async () => [computer('screenshot', {})],
  ];
  const look: Step = async (request) => {
    const shot = await latestScreenshot(request);
    assert.ok(shot, `attempt ${attempt} was sent a screenshot`);
    const own = centreOf(shot, COLOURS[attempt]!) !== undefined;
    const other = centreOf(shot, COLOURS[attempt === 1 ? 2 : 1]!) !== undefined;
    seen.screenshot = { width: shot.width, height: shot.height, own, other };
    // The display's X server, by its socket, while the display is surely up.
    const display = displaysByAttempt.get(attempt);
    assert.ok(display, `attempt ${attempt}'s display was named on stderr before its first screenshot`);
    seen.xvfbPid = xServerPid(display);
    seen.xvfbProgram = seen.xvfbPid ? readFileSync(`/proc/${seen.xvfbPid}/cmdline`, 'utf8').split('\0')[0] : undefined;
    if (!own && !other) {
      // Not painted yet: look again (this step stays next), as a careful model would.
      steps.unshift(look);
      again();
      return [computer('screenshot', {})];
    }
    return [{ type: 'text', text: `Attempt ${attempt}: the page shows.` }];
  };
  steps.push(look);
  return steps;
}

/** Filled in from the CLI's stderr as each attempt's display comes up. */
const displaysByAttempt = new Map<number, string>();

describe('loupe run --attempts 2 --computer virtual', function () {
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
    displaysByAttempt.clear();
  });

  it('gives each attempt a display and a network of its own, serving on the same port, checks on that display, applies the winner, and leaves no display behind', async () => {
    const port = await freePort();
    repo = await createTempRepo({ 'server.js': appServer(port), 'page.html': '<!doctype html><p>nothing yet</p>\n' });
    cache = await mkdtemp(join(tmpdir(), 'loupe-cache-'));
    const seen: Record<number, Seen> = { 1: {}, 2: {} };
    const scripts = new Map<number, Step[]>();
    const oneMoreTurn = () => server!.push(routedTurn());
    for (const attempt of [1, 2]) scripts.set(attempt, attemptSteps(attempt, port, seen[attempt]!, oneMoreTurn));
    const judge = reply.toolUse('score_attempts', { scores: [{ attempt: 1, score: 6, reason: 'Red works.' }, { attempt: 2, score: 9, reason: 'Green is nicer.' }] });
    const routedTurn = (): ReplyTurn => ({
      kind: 'reply',
      content: [],
      prepare: async (request, turn) => {
        const sender = senderOf(request);
        if (sender === 'judge') {
          turn.content = judge.content;
          return;
        }
        const step = scripts.get(sender)?.shift();
        if (!step) throw new Error(`attempt ${sender} asked more than its script`);
        turn.content = await step(request);
      },
    });
    const turns = Array.from({ length: [...scripts.values()].reduce((sum, steps) => sum + steps.length, 0) + 1 }, routedTurn);
    server = await startMessagesApiServer(turns);

    // The check runs in the attempt's sandbox with its DISPLAY, before the display is taken down.
    const check = 'xdpyinfo >/dev/null && echo "checked on $DISPLAY"';
    const child = execa(process.execPath, [CLI, 'run', 'Make the page show', '--cwd', repo.root, '--yes', '--json', '--attempts', '2', '--computer', 'virtual', '--check', check], {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', DISPLAY: '', XDG_CACHE_HOME: cache },
      extendEnv: true,
      reject: false,
      stdin: 'ignore',
      timeout: 150_000,
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/attempt (\d+): computer use on a private virtual display \((:\d+)\)/g)) displaysByAttempt.set(Number(match[1]), match[2]!);
    });
    const result = await child;
    assert.deepEqual(server.violations, []);
    assert.equal(result.exitCode, 0, `${result.stdout}\n${result.stderr}`);

    // Each attempt said which display it got, and they differ.
    const displays = [1, 2].map((attempt) => displaysByAttempt.get(attempt));
    assert.ok(displays.every(Boolean), result.stderr);
    assert.notEqual(displays[0], displays[1]);

    for (const attempt of [1, 2]) {
      const own = seen[attempt]!;
      const display = displays[attempt - 1]!;
      // Its sandbox sees its own display's socket and no other, and its commands get that DISPLAY.
      assert.match(own.socketsInSandbox ?? '', new RegExp(`X${display.slice(1)}\\\\nDISPLAY=${display}`), own.socketsInSandbox);
      assert.doesNotMatch(own.socketsInSandbox ?? '', new RegExp(`X${displays[2 - attempt]!.slice(1)}\\b`));
      // Its screenshot shows its own app, served on the same port as the other's, and not the other's.
      assert.deepEqual(own.screenshot && { own: own.screenshot.own, other: own.screenshot.other }, { own: true, other: false }, `attempt ${attempt}'s screenshot`);
      assert.ok(own.xvfbPid && own.xvfbPid > 0, `attempt ${attempt}'s X server was found by its socket`);
      assert.match(own.xvfbProgram ?? '', /Xvfb$/);
    }

    const record = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { type: string; attempts?: Array<{ attempt: number; status: string; display?: string; check?: { passed: boolean; output: string } }>; winner?: number }).find((event) => event.type === 'attempts');
    assert.ok(record?.attempts, result.stdout);
    for (const attempt of record.attempts) {
      assert.equal(attempt.status, 'candidate', JSON.stringify(attempt));
      assert.equal(attempt.display, displays[attempt.attempt - 1], 'the record names the display stderr named');
      assert.equal(attempt.check?.passed, true);
      assert.match(attempt.check?.output ?? '', new RegExp(`checked on ${displays[attempt.attempt - 1]}\\n`), 'the check ran on the attempt\'s own display, still up');
    }
    assert.equal(record.winner, 2);
    assert.equal(await readFile(join(repo.root, 'page.html'), 'utf8'), pageOf(2), 'the judge\'s pick is applied to the folder');

    // No display is left: each Xvfb has ended, its socket is removed, and no lock file claims its number
    // (Xvfb -displayfd writes none, but a left-over one would block that display number for others).
    for (const [index, display] of displays.entries()) {
      const number = display!.slice(1);
      assert.equal(await displayIsUp(display!), false, `${display} is down`);
      assert.equal(isRunning(seen[index + 1]!.xvfbPid!), false, `the Xvfb of ${display} has ended`);
      assert.equal(existsSync(`/tmp/.X${number}-lock`), false, `the lock file of ${display} is gone`);
      assert.equal(existsSync(`/tmp/.X11-unix/X${number}`), false, `the socket of ${display} is gone`);
    }
  });

  it('takes every attempt\'s display down when the run is cancelled with Ctrl+C', async () => {
    repo = await createTempRepo({ 'README.md': '# app\n' });
    cache = await mkdtemp(join(tmpdir(), 'loupe-cache-'));
    // Each attempt looks at its screen once, then waits on the model until the test lets it go (after the run).
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const asked = new Map<number, number>();
    let bothWaiting!: () => void;
    const waiting = new Promise<void>((resolve) => (bothWaiting = resolve));
    const turn = (): ReplyTurn => ({
      kind: 'reply',
      content: [],
      prepare: async (request, reply) => {
        const sender = senderOf(request) as number;
        asked.set(sender, (asked.get(sender) ?? 0) + 1);
        if (asked.get(sender) === 1) {
          reply.content = [computer('screenshot', {})];
          return;
        }
        if ([1, 2].every((attempt) => asked.get(attempt) === 2)) bothWaiting();
        await released;
        reply.content = [{ type: 'text', text: 'Too late.' }];
      },
    });
    server = await startMessagesApiServer([turn(), turn(), turn(), turn()]);
    const child = execa(process.execPath, [CLI, 'run', 'Look at the screen', '--cwd', repo.root, '--yes', '--attempts', '2', '--computer', 'virtual'], {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', DISPLAY: '', XDG_CACHE_HOME: cache },
      extendEnv: true,
      reject: false,
      stdin: 'ignore',
      timeout: 100_000,
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/attempt (\d+): computer use on a private virtual display \((:\d+)\)/g)) displaysByAttempt.set(Number(match[1]), match[2]!);
    });
    // Both attempts have been sent their screenshot and wait on the model: both displays are in use.
    const early = await Promise.race([waiting.then(() => undefined), child]);
    assert.equal(early, undefined, `the run ended before both attempts waited: ${early?.stdout}\n${early?.stderr}`);
    const displays = [1, 2].map((attempt) => displaysByAttempt.get(attempt)!);
    assert.equal(displays.filter(Boolean).length, 2, 'both attempts named their display');
    const servers = displays.map((display) => xServerPid(display));
    for (const display of displays) assert.equal(await displayIsUp(display), true, `${display} runs during the attempts`);
    child.kill('SIGINT');
    const result = await child;
    release();
    assert.equal(result.exitCode, 130, `${result.stdout}\n${result.stderr}`);
    for (const [index, display] of displays.entries()) {
      assert.equal(await displayIsUp(display), false, `${display} is gone after the cancel`);
      assert.equal(isRunning(servers[index]!), false, `the Xvfb of ${display} has ended`);
      assert.equal(existsSync(`/tmp/.X11-unix/X${display.slice(1)}`), false, `the socket of ${display} is gone`);
    }
    assert.deepEqual(server.violations, []);
  });
});
