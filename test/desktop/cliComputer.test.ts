// The whole product path for computer use, headless: `loupe run --computer virtual` starts its own
// Xvfb display, the scripted model starts the app with background_process, opens it with
// open_on_display, looks at a screenshot, clicks where IT SAW the button, types, presses Enter, and
// the app's own state (written to disk by the app) shows the result. Nothing is left running after.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import sharp from 'sharp';
import { reply, startMessagesApiServer, type MessagesApiServer, type RecordedRequest, type ReplyTurn } from '../support/messagesApiServer';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(PROJECT_ROOT, 'dist/cli.js');
const BUTTON_RGB = [255, 0, 170] as const;
const INPUT_RGB = [0, 200, 255] as const;

// A tiny app: a page with a magenta button and a cyan input; every change is POSTed back and written to state.json.
const APP_SERVER = `const http = require('http'); const fs = require('fs');
const page = \`<!doctype html><html><body style="margin:0;background:#fff;font:20px sans-serif">
<button id="b" style="position:absolute;left:40%;top:30%;width:200px;height:80px;background:rgb(${BUTTON_RGB});border:0">Go</button>
<input id="i" style="position:absolute;left:30%;top:60%;width:300px;height:50px;background:rgb(${INPUT_RGB});border:0">
<script>const s={clicked:false,submitted:null};const r=()=>fetch('/state',{method:'POST',body:JSON.stringify(s)});
document.getElementById('b').onclick=()=>{s.clicked=true;r()};
document.getElementById('i').onkeydown=(e)=>{if(e.key==='Enter'){s.submitted=e.target.value;r()}};</script></body></html>\`;
const server = http.createServer((req, res) => {
  if (req.method === 'POST') { let b=''; req.on('data', c => b += c); req.on('end', () => { fs.writeFileSync('state.json', b); res.end('ok'); }); return; }
  res.setHeader('content-type', 'text/html'); res.end(page);
});
server.listen(0, '127.0.0.1', () => console.log('app listening on http://127.0.0.1:' + server.address().port + '/'));
`;

interface Decoded {
  width: number;
  height: number;
  pixels: Buffer;
}

/** The newest screenshot in a request: the image in the last tool_result. */
async function latestScreenshot(request: RecordedRequest): Promise<Decoded | undefined> {
  const results = (request.body.messages.at(-1).content as Array<{ type: string; content?: unknown }>).filter((b) => b.type === 'tool_result');
  const image = results.flatMap((r) => (Array.isArray(r.content) ? r.content : [])).find((b: { type: string }) => b.type === 'image') as { source: { data: string } } | undefined;
  if (!image) return undefined;
  const { data, info } = await sharp(Buffer.from(image.source.data, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: data };
}

function centreOf(image: Decoded, rgb: readonly [number, number, number]): [number, number] | undefined {
  let sumX = 0, sumY = 0, count = 0;
  for (let index = 0; index < image.width * image.height; index++) {
    const o = index * 3;
    if (Math.abs(image.pixels[o]! - rgb[0]) < 8 && Math.abs(image.pixels[o + 1]! - rgb[1]) < 8 && Math.abs(image.pixels[o + 2]! - rgb[2]) < 8) {
      sumX += index % image.width;
      sumY += Math.floor(index / image.width);
      count++;
    }
  }
  return count > 50 ? [Math.round(sumX / count), Math.round(sumY / count)] : undefined;
}

const computer = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use' as const, name, input, toolset_name: 'computer' });

/** Whether an X server answers on `display` (Xvfb picks its number with -displayfd, so its command line does not say). */
async function displayIsUp(display: string): Promise<boolean> {
  const probe = await execa('xdpyinfo', ['-display', display], { reject: false, timeout: 10_000 });
  return probe.exitCode === 0;
}

describe('loupe run --computer virtual, end to end', function () {
  this.timeout(120_000);
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;

  before(async () => {
    await execa(process.execPath, [join(PROJECT_ROOT, 'esbuild.mjs')], { cwd: PROJECT_ROOT });
  });

  afterEach(async () => {
    await server?.close();
    await repo?.remove();
  });

  it('starts the app, sees the button in its screenshot, clicks, types, submits, and cleans up', async () => {
    repo = await createTempRepo({ 'server.js': APP_SERVER });
    let appUrl = '';
    let screenshotSize = { width: 0, height: 0 };
    // The model looks until the page has painted, then clicks where the button is in what it saw.
    const lookThenClick: ReplyTurn = reply.blocks([], {
      prepare: async (request, turn) => {
        const shot = await latestScreenshot(request);
        const button = shot && centreOf(shot, BUTTON_RGB);
        const input = shot && centreOf(shot, INPUT_RGB);
        if (!shot || !button || !input) {
          // Not painted yet: look again, and keep this turn's plan for the next request.
          server!.push({ ...lookThenClick, content: [] });
          turn.content = [computer('screenshot', {})];
          return;
        }
        screenshotSize = { width: shot.width, height: shot.height };
        turn.content = [
          { type: 'text', text: 'I see the button and the input.' },
          computer('left_click', { coordinate: button }),
          computer('left_click', { coordinate: input }),
          computer('type', { text: 'hello loupe' }),
          computer('key', { text: 'Return' }),
        ];
        server!.push(reply.text('The button was clicked and the form submitted.'));
      },
    });
    server = await startMessagesApiServer([
      reply.toolUse('background_process', { action: 'start', name: 'app', command: 'node server.js', wait_for: 'listening on' }),
      reply.blocks([], {
        prepare: async (request, turn) => {
          const started = JSON.stringify(request.body.messages.at(-1).content);
          appUrl = /http:\/\/127\.0\.0\.1:\d+\//.exec(started)?.[0] ?? '';
          assert.ok(appUrl, `the app reported its address: ${started}`);
          turn.content = [{ type: 'tool_use', name: 'open_on_display', input: { url: appUrl } }];
        },
      }),
      reply.blocks([computer('screenshot', {})]),
      lookThenClick,
    ]);

    const result = await execa(process.execPath, [CLI, 'run', 'Check the form works', '--cwd', repo.root, '--yes', '--computer', 'virtual'], {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', DISPLAY: '' },
      reject: false,
      stdin: 'ignore',
      timeout: 100_000,
    });
    assert.equal(result.exitCode, 0, `${result.stderr}\n${result.stdout}`);
    assert.deepEqual(server.violations, []);
    const display = /virtual display \((:\d+)\)/.exec(result.stderr)?.[1];
    assert.ok(display, result.stderr);
    assert.ok(screenshotSize.width > 0 && screenshotSize.width <= 1568, `screenshot ${screenshotSize.width}x${screenshotSize.height}`);

    // The app's own record of what happened.
    const state = JSON.parse(await readFile(join(repo.root, 'state.json'), 'utf8'));
    assert.deepEqual(state, { clicked: true, submitted: 'hello loupe' });
    assert.match(result.stdout, /left_click at \(\d+, \d+\) on the virtual display/);
    assert.match(result.stdout, /\[screenshot \d+x\d+/);

    // The display, the browser and the app server are gone.
    assert.equal(await displayIsUp(display), false, `${display} is gone`);
    await assert.rejects(fetch(appUrl));
  });

  it('tears the virtual display down when the run is cancelled with Ctrl+C', async () => {
    repo = await createTempRepo({ 'README.md': '# app\n' });
    server = await startMessagesApiServer([reply.blocks([computer('screenshot', {})]), { kind: 'hang' }]);
    const child = execa(process.execPath, [CLI, 'run', 'Look at the screen', '--cwd', repo.root, '--yes', '--computer', 'virtual'], {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, NO_COLOR: '1', DISPLAY: '' },
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
