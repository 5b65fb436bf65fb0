// The whole product path for computer use, headless: `loupe run --computer virtual` starts its own
// Xvfb display, the scripted model starts the app with background_process, opens it with
// open_on_display, looks at a screenshot, clicks where IT SAW the button, types, presses Enter, and
// the app's own state (written to disk by the app) shows the result. Nothing is left running after.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { computer, displayIsUp, FORM_APP_SERVER, formAppTurns, TYPED_TEXT, type FormAppRun } from '../support/formApp';
import { reply, startMessagesApiServer, type MessagesApiServer } from '../support/messagesApiServer';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { testCacheHome } from '../support/testCacheHome';
import { buildCli, CLI } from '../support/builtCli';


describe('loupe run --computer virtual, end to end', function () {
  this.timeout(120_000);
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;

  before(async () => {
    await buildCli();
  });

  afterEach(async () => {
    await server?.close();
    await repo?.remove();
  });

  it('starts the app, sees the button in its screenshot, clicks, types, submits, and cleans up', async () => {
    repo = await createTempRepo({ 'server.js': FORM_APP_SERVER });
    const run: FormAppRun = { appUrl: '', screenshot: { width: 0, height: 0 }, button: undefined };
    server = await startMessagesApiServer(formAppTurns(() => server!, run));

    const result = await execa(process.execPath, [CLI, 'run', 'Check the form works', '--cwd', repo.root, '--yes', '--computer', 'virtual'], {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', DISPLAY: '', XDG_CACHE_HOME: testCacheHome() },
      reject: false,
      stdin: 'ignore',
      timeout: 100_000,
    });
    assert.equal(result.exitCode, 0, `${result.stderr}\n${result.stdout}`);
    assert.deepEqual(server.violations, []);
    const display = /virtual display \((:\d+)\)/.exec(result.stderr)?.[1];
    assert.ok(display, result.stderr);
    assert.ok(run.screenshot.width > 0 && run.screenshot.width <= 1568, `screenshot ${run.screenshot.width}x${run.screenshot.height}`);

    // The app's own record of what happened.
    const state = JSON.parse(await readFile(join(repo.root, 'state.json'), 'utf8'));
    assert.deepEqual(state, { clicked: true, submitted: TYPED_TEXT });
    assert.match(result.stdout, /left_click at \(\d+, \d+\) on the virtual display/);
    assert.match(result.stdout, /\[screenshot \d+x\d+/);

    // The display, the browser and the app server are gone.
    assert.equal(await displayIsUp(display), false, `${display} is gone`);
    await assert.rejects(fetch(run.appUrl));
  });

  it('tears the virtual display down when the run is cancelled with Ctrl+C', async () => {
    repo = await createTempRepo({ 'README.md': '# app\n' });
    server = await startMessagesApiServer([reply.blocks([computer('screenshot', {})]), { kind: 'hang' }]);
    const child = execa(process.execPath, [CLI, 'run', 'Look at the screen', '--cwd', repo.root, '--yes', '--computer', 'virtual'], {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', DISPLAY: '', XDG_CACHE_HOME: testCacheHome() },
      reject: false,
      stdin: 'ignore',
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Wait until the model has been sent a screenshot: the display is up and in use.
    for (let i = 0; i < 600 && server.requests.length < 2; i++) await new Promise((done) => setTimeout(done, 25));
    const display = /virtual display \((:\d+)\)/.exec(stderr)?.[1];
    assert.ok(display, stderr);
    assert.equal(await displayIsUp(display), true, 'the display runs during the task');
    child.kill('SIGINT');
    const result = await child;
    assert.equal(result.exitCode, 130, result.stderr);
    assert.equal(await displayIsUp(display), false, `${display} is gone after the cancel`);
  });
});
