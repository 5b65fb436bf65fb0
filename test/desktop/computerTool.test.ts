import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import sharp from 'sharp';
import type { ScreenSize } from '../../src/agent/desktop/desktop';
import { VirtualDisplay } from '../../src/agent/desktop/virtualDisplay';
import { X11Desktop } from '../../src/agent/desktop/x11Desktop';
import { createComputerTool } from '../../src/agent/tools/computer/createComputerTool';
import type { AgentTool, ToolResult } from '../../src/agent/tools/tool';
import { ScriptedApprover } from '../support/approvers';
import { createToolContext, type TestToolContext } from '../support/toolContext';

/** Colours found in the screenshot the tool returns, the way a model finds things: by looking. */
const BUTTON_RGB = [255, 0, 170] as const;
const INPUT_RGB = [0, 200, 255] as const;
const CLICKED_RGB = [0, 170, 0] as const;

/** A form whose own script reports its state to the test's server: what counts is what the page saw. */
const PAGE = `<!doctype html>
<html><head><title>Loupe form</title><style>
  body { margin: 0; background: #fff; font: 20px sans-serif; }
  #go { position: absolute; left: 62%; top: 58%; width: 220px; height: 90px; border: 0; color: #fff; font-size: 24px;
        background: rgb(${BUTTON_RGB.join(',')}); }
  #go.clicked { background: rgb(${CLICKED_RGB.join(',')}); }
  #name { position: absolute; left: 12%; top: 20%; width: 360px; height: 60px; border: 0; font-size: 24px;
          background: rgb(${INPUT_RGB.join(',')}); }
  #result { position: absolute; left: 12%; top: 40%; }
</style></head><body>
  <input id="name" autocomplete="off"><button id="go">Start</button><div id="result"></div>
  <script>
    const state = { clicked: false, submitted: null };
    const report = () => fetch('/state', { method: 'POST', body: JSON.stringify(state) });
    document.getElementById('go').addEventListener('click', (event) => {
      state.clicked = true;
      event.target.classList.add('clicked');
      report();
    });
    document.getElementById('name').addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      state.submitted = event.target.value;
      document.getElementById('result').textContent = 'Hello, ' + event.target.value;
      report();
    });
  </script>
</body></html>`;

interface PageState {
  clicked: boolean;
  submitted: string | null;
}

class FormServer {
  readonly states: PageState[] = [];
  private constructor(private readonly _server: Server) {}

  static async start(): Promise<FormServer> {
    const server = createServer();
    const form = new FormServer(server);
    server.on('request', (request, response) => {
      if (request.method === 'POST' && request.url === '/state') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          form.states.push(JSON.parse(body) as PageState);
          response.end('ok');
        });
        return;
      }
      response.setHeader('content-type', 'text/html');
      response.end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return form;
  }

  get url(): string {
    return `http://127.0.0.1:${(this._server.address() as AddressInfo).port}/`;
  }

  async waitFor(check: (state: PageState) => boolean, what: string): Promise<PageState> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const state = this.states.find(check);
      if (state) return state;
      if (Date.now() > deadline) throw new Error(`The page never reported ${what}; it reported ${JSON.stringify(this.states)}.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this._server.close(() => resolve()));
  }
}

interface Decoded {
  width: number;
  height: number;
  pixels: Buffer;
}

async function decodeImage(result: ToolResult): Promise<Decoded> {
  assert.equal(result.isError, false, String(result.content));
  assert.ok(Array.isArray(result.content));
  const image = result.content.find((block): block is Anthropic.ImageBlockParam => block.type === 'image');
  assert.ok(image && image.source.type === 'base64', 'the result carries an image');
  const { data, info } = await sharp(Buffer.from(image.source.data, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: data };
}

/** The centre of the pixels of one colour (a small tolerance for scaling's blended edges), or undefined. */
function centreOf(image: Decoded, rgb: readonly [number, number, number]): { x: number; y: number } | undefined {
  let sumX = 0;
  let sumY = 0;
  let count = 0;
  for (let index = 0; index < image.width * image.height; index++) {
    const offset = index * 3;
    if (rgb.every((channel, i) => Math.abs(image.pixels[offset + i]! - channel) <= 12)) {
      sumX += index % image.width;
      sumY += Math.floor(index / image.width);
      count++;
    }
  }
  return count > 200 ? { x: Math.round(sumX / count), y: Math.round(sumY / count) } : undefined;
}

describe('computer tool on a real display', function () {
  this.timeout(60_000);
  let display: VirtualDisplay | undefined;
  let desktop: X11Desktop | undefined;
  let server: FormServer;
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'loupe-computer-desktop-'));
    server = await FormServer.start();
  });

  afterEach(async () => {
    await desktop?.dispose();
    await display?.dispose();
    desktop = undefined;
    display = undefined;
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  async function openForm(size: ScreenSize, model: string): Promise<{ tool: AgentTool; context: TestToolContext }> {
    display = await VirtualDisplay.start(size);
    desktop = await X11Desktop.connect(display.display);
    await display.openUrl(server.url);
    const tool = await createComputerTool({ model, desktop, target: 'virtual' });
    const context = await createToolContext(root, new ScriptedApprover(), { approveAll: true });
    return { tool, context };
  }

  /** One action as the model would send it in this tool's form. */
  function act(tool: AgentTool, context: TestToolContext, name: string, input: Record<string, unknown>): Promise<ToolResult> {
    return tool.isToolset ? tool.run(input, { ...context, toolName: name }) : tool.run({ action: name, ...input }, { ...context, toolName: 'computer' });
  }

  /** Screenshots until the page has painted its button (Chromium's first paint comes a moment after the window). */
  async function screenshotWithButton(tool: AgentTool, context: TestToolContext): Promise<Decoded> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const image = await decodeImage(await act(tool, context, 'screenshot', {}));
      if (centreOf(image, BUTTON_RGB)) return image;
      if (Date.now() > deadline) throw new Error('The form never appeared in the screenshots.');
    }
  }

  async function fillTheForm(tool: AgentTool, context: TestToolContext, expectedScreenshot: ScreenSize): Promise<void> {
    const screenshot = await screenshotWithButton(tool, context);
    assert.deepEqual({ width: screenshot.width, height: screenshot.height }, expectedScreenshot);

    const button = centreOf(screenshot, BUTTON_RGB)!;
    const clickResult = await act(tool, context, 'left_click', { coordinate: [button.x, button.y] });
    assert.equal(clickResult.isError, false, String(clickResult.content));
    await server.waitFor((state) => state.clicked, 'the button click');

    const input = centreOf(screenshot, INPUT_RGB);
    assert.ok(input, 'the input is visible in the screenshot');
    assert.equal((await act(tool, context, 'left_click', { coordinate: [input.x, input.y] })).isError, false);
    assert.equal((await act(tool, context, 'type', { text: 'hello loupe' })).isError, false);
    assert.equal((await act(tool, context, 'key', { text: 'Enter' })).isError, false);
    const state = await server.waitFor((candidate) => candidate.submitted !== null, 'a submitted name');
    assert.deepEqual(state, { clicked: true, submitted: 'hello loupe' });

    // The next look shows what the page did: the button turned green where the model clicked it.
    const after = await decodeImage(await act(tool, context, 'screenshot', {}));
    const green = centreOf(after, CLICKED_RGB);
    assert.ok(green && Math.abs(green.x - button.x) <= 2 && Math.abs(green.y - button.y) <= 2, `green button at ${JSON.stringify(green)}`);
  }

  it('clicks, types and submits a form through the GA toolset on a 1280x800 display seen as a 1024x640 overview', async () => {
    const { tool, context } = await openForm({ width: 1280, height: 800 }, 'claude-sonnet-5-5');
    assert.equal(tool.isToolset, true);
    await fillTheForm(tool, context, { width: 1024, height: 640 });
  });

  it('clicks, types and submits a form through computer_20250124 on a scaled 1920x1080 display', async () => {
    const { tool, context } = await openForm({ width: 1920, height: 1080 }, 'claude-haiku-4-5');
    const definition = tool.definition() as Anthropic.Beta.BetaToolComputerUse20250124;
    assert.ok(definition.display_width_px < 1920, 'the screenshot is scaled down for the standard image limits');
    await fillTheForm(tool, context, { width: definition.display_width_px, height: definition.display_height_px });
  });
});
