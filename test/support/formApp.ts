// The app computer-use tests drive: a page with a magenta button and a cyan input, served by a tiny
// Node server that writes every change the page POSTs to state.json, so a test reads the app's own
// record of what the agent did. Plus the scripted model that finds the button in the screenshot it
// was sent (by colour, as a model would by sight), clicks it, types and presses Enter.
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { reply, type MessagesApiServer, type RecordedRequest, type ReplyTurn } from './messagesApiServer';

export const BUTTON_RGB = [255, 0, 170] as const;
export const INPUT_RGB = [0, 200, 255] as const;
/** What the scripted model types into the input. */
export const TYPED_TEXT = 'hello loupe';
export const FORM_APP_DONE_TEXT = 'The button was clicked and the form submitted.';

export const FORM_APP_SERVER = `const http = require('http'); const fs = require('fs');
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

export interface Decoded {
  width: number;
  height: number;
  pixels: Buffer;
}

/** The newest screenshot in a request: the image in the last tool_result. */
export async function latestScreenshot(request: RecordedRequest): Promise<Decoded | undefined> {
  const results = (request.body.messages.at(-1).content as Array<{ type: string; content?: unknown }>).filter((b) => b.type === 'tool_result');
  const image = results.flatMap((r) => (Array.isArray(r.content) ? r.content : [])).find((b: { type: string }) => b.type === 'image') as { source: { data: string } } | undefined;
  if (!image) return undefined;
  const { data, info } = await sharp(Buffer.from(image.source.data, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: data };
}

export function centreOf(image: Decoded, rgb: readonly [number, number, number]): [number, number] | undefined {
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

/** A member of the GA computer toolset, as the model calls it. */
export const computer = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use' as const, name, input, toolset_name: 'computer' });

export { displayIsUp } from './processes';

/** What the scripted model saw and did, for the test's assertions. */
export interface FormAppRun {
  appUrl: string;
  screenshot: { width: number; height: number };
  /** Where it clicked, in screenshot pixels. */
  button: [number, number] | undefined;
}

/**
 * The model's turns: start the app with background_process, open it with open_on_display, take
 * screenshots until the page has painted, then click the button and the input where it saw them,
 * type, press Enter, take a last screenshot of the result, and finish. `api` is the server the turns play on (they push follow-ups).
 */
export function formAppTurns(api: () => MessagesApiServer, run: FormAppRun): ReplyTurn[] {
  const lookThenClick: ReplyTurn = reply.blocks([], {
    prepare: async (request, turn) => {
      const shot = await latestScreenshot(request);
      const button = shot && centreOf(shot, BUTTON_RGB);
      const input = shot && centreOf(shot, INPUT_RGB);
      if (!shot || !button || !input) {
        // Not painted yet: look again, and keep this turn's plan for the next request.
        api().push({ ...lookThenClick, content: [] });
        turn.content = [computer('screenshot', {})];
        return;
      }
      run.screenshot = { width: shot.width, height: shot.height };
      run.button = button;
      turn.content = [
        { type: 'text', text: 'I see the button and the input.' },
        computer('left_click', { coordinate: button }),
        computer('left_click', { coordinate: input }),
        computer('type', { text: TYPED_TEXT }),
        computer('key', { text: 'Return' }),
      ];
      // As a careful model does: look once more to see the result, then report.
      api().push(reply.blocks([computer('screenshot', {})]), reply.text(FORM_APP_DONE_TEXT));
    },
  });
  return [
    reply.toolUse('background_process', { action: 'start', name: 'app', command: 'node server.js', wait_for: 'listening on' }),
    reply.blocks([], {
      prepare: async (request, turn) => {
        const started = JSON.stringify(request.body.messages.at(-1).content);
        run.appUrl = /http:\/\/127\.0\.0\.1:\d+\//.exec(started)?.[0] ?? '';
        assert.ok(run.appUrl, `the app reported its address: ${started}`);
        turn.content = [{ type: 'tool_use', name: 'open_on_display', input: { url: run.appUrl } }];
      },
    }),
    reply.blocks([computer('screenshot', {})]),
    lookThenClick,
  ];
}
