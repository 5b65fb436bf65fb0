import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import sharp from 'sharp';
import { ScaleMap } from '../../src/agent/desktop/coordinates';
import type { Desktop, MouseButton, Point, RawFrame, ScreenSize, ScrollDirection } from '../../src/agent/desktop/desktop';
import type { AgentEvent } from '../../src/agent/events';
import { familyOf } from '../../src/agent/model/modelTable';
import type { PolicySettings } from '../../src/agent/policy';
import { ToolRunner } from '../../src/agent/toolRunner';
import { createComputerTool } from '../../src/agent/tools/computer/createComputerTool';
import { OVERVIEW_LONG_EDGE, screenshotLimitsFor } from '../../src/agent/tools/computer/screenshotDetail';
import type { AgentTool, ToolResult } from '../../src/agent/tools/tool';
import { ScriptedApprover } from '../support/approvers';
import { createToolContext, type TestToolContext } from '../support/toolContext';

/**
 * The Desktop port as a screen in memory: a white frame with a red square where `redSquare` says, `pixelRatio`
 * frame pixels per display point (HiDPI), and a log of every input call in display points.
 */
class MemoryDesktop implements Desktop {
  readonly kind = 'x11';
  readonly calls: string[] = [];
  cursor: Point = { x: 0, y: 0 };
  failNext: string | undefined;

  constructor(
    private readonly _size: ScreenSize,
    private readonly _options: { pixelRatio?: number; redSquare?: { x: number; y: number; size: number } } = {},
  ) {}

  async screenSize(): Promise<ScreenSize> {
    return this._size;
  }

  async captureScreen(): Promise<RawFrame> {
    const ratio = this._options.pixelRatio ?? 1;
    const width = this._size.width * ratio;
    const height = this._size.height * ratio;
    const data = Buffer.alloc(width * height * 3, 255);
    const square = this._options.redSquare;
    if (square) {
      for (let y = square.y * ratio; y < (square.y + square.size) * ratio; y++) {
        for (let x = square.x * ratio; x < (square.x + square.size) * ratio; x++) {
          const offset = (y * width + x) * 3;
          data[offset + 1] = 0;
          data[offset + 2] = 0;
        }
      }
    }
    return { width, height, channels: 3, data };
  }

  async moveMouse(to: Point): Promise<void> {
    this._record(`move ${to.x},${to.y}`);
    this.cursor = to;
  }
  async mouseDown(button: MouseButton): Promise<void> {
    this._record(`down ${button}`);
  }
  async mouseUp(button: MouseButton): Promise<void> {
    this._record(`up ${button}`);
  }
  async click(at: Point, button: MouseButton, count: 1 | 2 | 3, modifiers: string[] = []): Promise<void> {
    this._record(`click ${button} x${count} ${at.x},${at.y}${modifiers.length ? ` +${modifiers.join('+')}` : ''}`);
    this.cursor = at;
  }
  async drag(from: Point, to: Point): Promise<void> {
    this._record(`drag ${from.x},${from.y} ${to.x},${to.y}`);
  }
  async scroll(at: Point, direction: ScrollDirection, amount: number): Promise<void> {
    this._record(`scroll ${direction} ${amount} ${at.x},${at.y}`);
  }
  async pressKeys(combo: string): Promise<void> {
    this._record(`key ${combo}`);
  }
  async holdKeys(combo: string, durationMs: number): Promise<void> {
    this._record(`hold ${combo} ${durationMs}`);
  }
  async typeText(text: string): Promise<void> {
    this._record(`type ${text}`);
  }
  async cursorPosition(): Promise<Point> {
    return this.cursor;
  }
  async dispose(): Promise<void> {}

  private _record(call: string): void {
    if (this.failNext) {
      const message = this.failNext;
      this.failNext = undefined;
      throw new Error(message);
    }
    this.calls.push(call);
  }
}

type Block = Anthropic.TextBlockParam | Anthropic.ImageBlockParam;

function blocks(result: ToolResult): Block[] {
  assert.equal(result.isError, false, String(result.content));
  assert.ok(Array.isArray(result.content), `expected blocks, got ${JSON.stringify(result.content)}`);
  return result.content;
}

async function imageOf(result: ToolResult): Promise<{ width: number; height: number; mediaType: string; pixels: Buffer }> {
  const image = blocks(result).find((block): block is Anthropic.ImageBlockParam => block.type === 'image');
  assert.ok(image && image.source.type === 'base64');
  const { data, info } = await sharp(Buffer.from(image.source.data, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, mediaType: image.source.media_type, pixels: data };
}

function dimensions(image: { width: number; height: number }): [number, number] {
  return [image.width, image.height];
}

function redFraction(image: { pixels: Buffer }): number {
  let red = 0;
  for (let offset = 0; offset < image.pixels.length; offset += 3) {
    if (image.pixels[offset]! > 200 && image.pixels[offset + 1]! < 60 && image.pixels[offset + 2]! < 60) red++;
  }
  return red / (image.pixels.length / 3);
}

describe('computer tool', () => {
  let root: string;
  let approver: ScriptedApprover;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'loupe-computer-'));
    approver = new ScriptedApprover();
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function contextFor(toolName: string, policy: Partial<PolicySettings> = { approveAll: true }): Promise<TestToolContext> {
    const context = await createToolContext(root, approver, policy);
    return { ...context, toolName };
  }

  /** Runs one action in whichever form the tool has: a toolset member, or the beta tool's `action`. */
  async function act(tool: AgentTool, name: string, input: Record<string, unknown>, context?: TestToolContext): Promise<ToolResult> {
    const ctx = context ?? (await contextFor(tool.isToolset ? name : 'computer'));
    return tool.run(tool.isToolset ? input : { action: name, ...input }, { ...ctx, toolName: tool.isToolset ? name : 'computer' });
  }

  describe('form chosen from the model table', () => {
    it('offers the GA toolset to claude-sonnet-5-5, without a beta header', async () => {
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop({ width: 1280, height: 800 }), target: 'virtual' });
      assert.equal(tool.name, 'computer');
      assert.equal(tool.isToolset, true);
      assert.deepEqual(tool.definition(), { type: 'computer_toolset_20260801' });
      assert.equal(tool.betas, undefined);
    });

    it('offers computer_20251124 with zoom and its beta header to claude-opus-5, declaring the overview screenshot size', async () => {
      const tool = await createComputerTool({ model: 'claude-opus-5', desktop: new MemoryDesktop({ width: 1280, height: 800 }), target: 'virtual' });
      assert.notEqual(tool.isToolset, true);
      assert.deepEqual(tool.definition(), { type: 'computer_20251124', name: 'computer', display_width_px: 1024, display_height_px: 640, enable_zoom: true });
      assert.deepEqual(tool.betas, ['computer-use-2025-11-24']);
    });

    it('offers computer_20250124 and its beta header to claude-haiku-4-5, sized to the standard image limits', async () => {
      const tool = await createComputerTool({ model: 'claude-haiku-4-5-20251001', desktop: new MemoryDesktop({ width: 1920, height: 1080 }), target: 'virtual' });
      const definition = tool.definition() as Anthropic.Beta.BetaToolComputerUse20250124;
      assert.equal(definition.type, 'computer_20250124');
      assert.equal('enable_zoom' in definition, false);
      assert.deepEqual(tool.betas, ['computer-use-2025-01-24']);
      // 1568 px long edge would cost 56x32 = 1792 tiles; the tool shrinks until it fits 1568 tokens.
      assert.ok(definition.display_width_px < 1568 && Math.ceil(definition.display_width_px / 28) * Math.ceil(definition.display_height_px / 28) <= 1568);
      assert.ok(Math.abs(definition.display_width_px / definition.display_height_px - 1920 / 1080) < 0.01);
      assert.match(String((await act(tool, 'zoom', { region: [0, 0, 10, 10] })).content), /zoom is not available/);
    });

    it('tells the loop guard that looking is an observation and acting is not, in both forms', async () => {
      const toolset = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop({ width: 1280, height: 800 }), target: 'virtual' });
      assert.equal(toolset.isObservation?.('screenshot', {}), true);
      assert.equal(toolset.isObservation?.('left_click', { coordinate: [1, 1] }), false);
      const beta = await createComputerTool({ model: 'claude-opus-5', desktop: new MemoryDesktop({ width: 1280, height: 800 }), target: 'virtual' });
      assert.equal(beta.isObservation?.('computer', { action: 'wait', duration: 1 }), true);
      assert.equal(beta.isObservation?.('computer', { action: 'type', text: 'x' }), false);
    });

    it('gives every model family screenshot limits no larger than the high-resolution tier', () => {
      for (const model of ['claude-sonnet-5-5', 'claude-opus-5', 'claude-opus-4-6', 'claude-haiku-4-5', 'claude-unknown-9']) {
        const limits = familyOf(model).screenshotLimits;
        assert.ok(limits.maxLongEdge >= 1568 && limits.maxLongEdge <= 2576, model);
        assert.ok(limits.maxTokens >= 1568 && limits.maxTokens <= 4784, model);
      }
    });
  });

  describe('screenshot detail', () => {
    it('sends a 1024 px overview where the tool can zoom, and the full display where it cannot', async () => {
      const display = { width: 1280, height: 800 };
      const toolset = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop(display), target: 'virtual' });
      assert.deepEqual(dimensions(await imageOf(await act(toolset, 'screenshot', {}))), [1024, 640]);
      const full = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop(display), target: 'virtual', detail: 'full' });
      assert.deepEqual(dimensions(await imageOf(await act(full, 'screenshot', {}))), [1280, 800]);
      // computer_20250124 has no zoom: shrinking its screenshots would lose detail the model cannot get back.
      const noZoom = await createComputerTool({ model: 'claude-haiku-4-5', desktop: new MemoryDesktop(display), target: 'virtual' });
      const { display_width_px: width, display_height_px: height } = noZoom.definition() as Anthropic.Beta.BetaToolComputerUse20250124;
      assert.deepEqual([width, height], [1280, 800]);
    });

    it('never makes a screenshot larger than the model limits allow, whatever the detail', () => {
      const standard = { maxLongEdge: 1568, maxTokens: 1568 };
      assert.deepEqual(screenshotLimitsFor('computer_toolset_20260801', standard), { maxLongEdge: OVERVIEW_LONG_EDGE, maxTokens: 1568 });
      assert.deepEqual(screenshotLimitsFor('computer_toolset_20260801', { maxLongEdge: 800, maxTokens: 600 }), { maxLongEdge: 800, maxTokens: 600 });
      assert.deepEqual(screenshotLimitsFor('computer_20251124', standard, 'full'), standard);
      assert.deepEqual(screenshotLimitsFor('computer_20250124', standard), standard);
    });

    it('clicks the display pixel under an overview pixel, and zooms to read a region at more than overview detail', async () => {
      const desktop = new MemoryDesktop({ width: 1280, height: 800 });
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual' });
      await act(tool, 'left_click', { coordinate: [512, 320] });
      // (512, 320) covers display pixels 640–641 x 400–401; the one holding its centre is (640, 400).
      assert.deepEqual(desktop.calls, ['click left x1 640,400']);
      // A 256x160 region of the overview is 320x200 display pixels, sent scaled up to fill the overview's box.
      const zoomed = await imageOf(await act(tool, 'zoom', { region: [0, 0, 256, 160] }));
      assert.deepEqual(dimensions(zoomed), [1024, 640]);
    });
  });

  describe('screenshots and coordinates', () => {
    it('sends a 1920x1080 display within the model limits and clicks the display pixel under the screenshot pixel', async () => {
      const desktop = new MemoryDesktop({ width: 1920, height: 1080 });
      const tool = await createComputerTool({ model: 'claude-haiku-4-5', desktop, target: 'virtual' });
      const image = await imageOf(await act(tool, 'screenshot', {}));
      const { display_width_px: width, display_height_px: height } = tool.definition() as Anthropic.Beta.BetaToolComputerUse20250124;
      assert.deepEqual([image.width, image.height], [width, height]);
      assert.equal(image.mediaType, 'image/png');

      const map = new ScaleMap({ width: 1920, height: 1080 }, { width, height });
      for (const point of [{ x: 0, y: 0 }, { x: 700, y: 400 }, { x: width - 1, y: height - 1 }]) {
        desktop.calls.length = 0;
        await act(tool, 'left_click', { coordinate: [point.x, point.y] });
        const [, , , at] = desktop.calls[0]!.split(' ');
        const [x, y] = at!.split(',').map(Number) as [number, number];
        // The display pixel lies inside the area the screenshot pixel was scaled from, and maps back exactly.
        assert.ok(x >= Math.floor((point.x * 1920) / width) && x < Math.ceil(((point.x + 1) * 1920) / width), `x ${x} for ${point.x}`);
        assert.ok(y >= Math.floor((point.y * 1080) / height) && y < Math.ceil(((point.y + 1) * 1080) / height), `y ${y} for ${point.y}`);
        assert.deepEqual(map.toScreenshot({ x, y }), point);
      }
    });

    it('finds a mark where the screenshot shows it on a HiDPI-like display with twice the pixels', async () => {
      const desktop = new MemoryDesktop({ width: 1440, height: 900 }, { pixelRatio: 2, redSquare: { x: 1000, y: 600, size: 40 } });
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual' });
      const image = await imageOf(await act(tool, 'screenshot', {}));
      // The display's logical 1440x900 is 2880x1800 physical pixels; the model gets the 1024x640 overview.
      assert.deepEqual([image.width, image.height], [1024, 640]);
      // The centre of the red square in the screenshot, clicked, lands in the square on the display.
      let sumX = 0;
      let sumY = 0;
      let count = 0;
      for (let offset = 0; offset < image.pixels.length; offset += 3) {
        if (image.pixels[offset]! > 200 && image.pixels[offset + 1]! < 60) {
          sumX += (offset / 3) % image.width;
          sumY += Math.floor(offset / 3 / image.width);
          count++;
        }
      }
      await act(tool, 'left_click', { coordinate: [Math.round(sumX / count), Math.round(sumY / count)] });
      const [x, y] = desktop.calls[0]!.split(' ')[3]!.split(',').map(Number) as [number, number];
      assert.ok(x >= 1000 && x < 1040 && y >= 600 && y < 640, desktop.calls[0]);
    });

    it('zooms into a region at full detail, scaled to fill the screenshot box', async () => {
      const desktop = new MemoryDesktop({ width: 1920, height: 1080 }, { redSquare: { x: 960, y: 540, size: 100 } });
      const tool = await createComputerTool({ model: 'claude-opus-5', desktop, target: 'virtual' });
      const { display_width_px: width, display_height_px: height } = tool.definition() as Anthropic.Beta.BetaToolComputerUse20251124;
      const map = new ScaleMap({ width: 1920, height: 1080 }, { width, height });
      const topLeft = map.toScreenshot({ x: 960, y: 540 });
      const bottomRight = map.toScreenshot({ x: 1059, y: 639 });
      const image = await imageOf(await act(tool, 'zoom', { region: [topLeft.x, topLeft.y, bottomRight.x + 1, bottomRight.y + 1] }));
      assert.ok(image.width <= width && image.height <= height && (image.width === width || image.height === height), `${image.width}x${image.height}`);
      assert.ok(redFraction(image) > 0.9, `red fraction ${redFraction(image)}`);
    });

    it('reports the pointer in screenshot pixels', async () => {
      const desktop = new MemoryDesktop({ width: 2560, height: 1600 });
      desktop.cursor = { x: 1280, y: 800 };
      const tool = await createComputerTool({ model: 'claude-haiku-4-5', desktop, target: 'virtual' });
      const { display_width_px: width, display_height_px: height } = tool.definition() as Anthropic.Beta.BetaToolComputerUse20250124;
      const result = await act(tool, 'cursor_position', {});
      assert.equal(result.content, `X=${Math.floor(width / 2)},Y=${Math.floor(height / 2)}`);
    });

    it('refuses a click outside the screenshot without touching the desktop', async () => {
      const desktop = new MemoryDesktop({ width: 1280, height: 800 });
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual' });
      const result = await act(tool, 'left_click', { coordinate: [1024, 100] });
      assert.equal(result.isError, true);
      assert.match(String(result.content), /outside the screenshot, which is 1024x640/);
      assert.deepEqual(desktop.calls, []);
    });
  });

  describe('answers per form', () => {
    it('answers a toolset action with one line and no image', async () => {
      const desktop = new MemoryDesktop({ width: 1280, height: 800 });
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual', detail: 'full' });
      assert.deepEqual(await act(tool, 'left_click', { coordinate: [10, 20], text: 'shift' }), { content: 'Clicked.', isError: false });
      assert.deepEqual(await act(tool, 'type', { text: 'hi' }), { content: 'Typed.', isError: false });
      assert.deepEqual(await act(tool, 'key', { text: 'Enter' }), { content: 'Pressed Return.', isError: false });
      assert.deepEqual(await act(tool, 'scroll', { scroll_direction: 'down', scroll_amount: 2 }), { content: 'Scrolled down.', isError: false });
      assert.deepEqual(desktop.calls, ['click left x1 10,20 +shift', 'type hi', 'key Return', 'scroll down 2 10,20']);
    });

    it('answers a beta action with its line and a settled screenshot', async () => {
      const desktop = new MemoryDesktop({ width: 1280, height: 800 });
      const tool = await createComputerTool({ model: 'claude-opus-5', desktop, target: 'virtual', detail: 'full' });
      const result = await act(tool, 'left_click_drag', { start_coordinate: [1, 2], coordinate: [300, 400] });
      const content = blocks(result);
      assert.deepEqual(content[0], { type: 'text', text: 'Dragged.' });
      assert.equal(content[1]?.type, 'image');
      assert.deepEqual(desktop.calls, ['drag 1,2 300,400']);
    });

    it('waits the requested time, then shows the screen in the beta form', async () => {
      const tool = await createComputerTool({ model: 'claude-haiku-4-5', desktop: new MemoryDesktop({ width: 800, height: 600 }), target: 'virtual' });
      const started = performance.now();
      const content = blocks(await act(tool, 'wait', { duration: 0.2 }));
      assert.ok(performance.now() - started >= 200);
      assert.deepEqual(content[0], { type: 'text', text: 'Waited 0.2s.' });
      assert.equal(content[1]?.type, 'image');
    });

    it('asks the beta tool for an action when none is given', async () => {
      const tool = await createComputerTool({ model: 'claude-opus-5', desktop: new MemoryDesktop({ width: 800, height: 600 }), target: 'virtual' });
      const result = await tool.run({ coordinate: [1, 2] }, await contextFor('computer'));
      assert.equal(result.isError, true);
      assert.match(String(result.content), /needs `action`: one of key, .*zoom/);
    });

    it('turns a desktop failure into an error result', async () => {
      const desktop = new MemoryDesktop({ width: 800, height: 600 });
      desktop.failNext = 'xdotool exited with code 1';
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual' });
      const result = await act(tool, 'mouse_move', { coordinate: [5, 5] });
      assert.equal(result.isError, true);
      assert.match(String(result.content), /^mouse_move failed: xdotool exited with code 1\nTake a screenshot/);
    });

    it('tells the panel where it clicked and what image it sent', async () => {
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop({ width: 800, height: 600 }), target: 'virtual' });
      const context = await contextFor('left_click');
      await act(tool, 'left_click', { coordinate: [40, 50] }, context);
      const screenshot = await act(tool, 'screenshot', {}, context);
      const events = context.events.filter((event) => event.type === 'computer_action' || event.type === 'screenshot');
      assert.deepEqual(events[0], { type: 'computer_action', id: 'toolu_test', action: 'left_click at (40, 50)', point: { x: 40, y: 50 }, target: 'virtual' });
      const shown = events[1] as Extract<AgentEvent, { type: 'screenshot' }>;
      const sent = blocks(screenshot)[0] as Anthropic.ImageBlockParam;
      assert.equal(shown.type, 'screenshot');
      assert.deepEqual([shown.width, shown.height, shown.mediaType], [800, 600, 'image/png']);
      assert.equal(sent.source.type === 'base64' && sent.source.data, shown.dataBase64);
      assert.equal(events.length, 2, 'a screenshot is not an action on the screen');
    });
  });

  describe('approval', () => {
    it('asks before a click on the virtual display by default, describing it', async () => {
      approver = new ScriptedApprover([], [true]);
      const desktop = new MemoryDesktop({ width: 800, height: 600 });
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual' });
      const result = await act(tool, 'left_click', { coordinate: [120, 340] }, await contextFor('left_click', {}));
      assert.equal(result.isError, false);
      assert.deepEqual(approver.commands, [{ command: 'left_click at (120, 340)', cwd: '', reason: 'Controls the mouse and keyboard on the virtual display.' }]);
      assert.deepEqual(desktop.calls, ['click left x1 120,340']);
    });

    it('does not act when the user declines, and says so', async () => {
      approver = new ScriptedApprover([], [false]);
      const desktop = new MemoryDesktop({ width: 800, height: 600 });
      const tool = await createComputerTool({ model: 'claude-opus-5', desktop, target: 'desktop' });
      const result = await act(tool, 'type', { text: 'rm -rf ~' }, await contextFor('computer', {}));
      assert.equal(result.isError, true);
      assert.match(String(result.content), /^The user declined this computer action: type "rm -rf ~"/);
      assert.equal(approver.commands[0]?.reason, 'Controls the mouse and keyboard on your desktop.');
      assert.deepEqual(desktop.calls, []);
    });

    it('never asks about looking: screenshot, zoom, cursor_position and wait', async () => {
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop({ width: 800, height: 600 }), target: 'desktop' });
      for (const [name, input] of [['screenshot', {}], ['zoom', { region: [0, 0, 100, 100] }], ['cursor_position', {}], ['wait', { duration: 0 }]] as const) {
        const result = await act(tool, name, input, await contextFor(name, {}));
        assert.equal(result.isError, false, `${name}: ${String(result.content)}`);
      }
      assert.deepEqual(approver.commands, []);
    });

    it('runs on the virtual display without asking under --yes, but still asks on the user desktop', async () => {
      approver = new ScriptedApprover([], [true]);
      const virtual = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop({ width: 800, height: 600 }), target: 'virtual' });
      await act(virtual, 'key', { text: 'ctrl+s' }, await contextFor('key', { approveAll: true }));
      assert.equal(approver.commands.length, 0);
      const desktop = await createComputerTool({ model: 'claude-sonnet-5-5', desktop: new MemoryDesktop({ width: 800, height: 600 }), target: 'desktop' });
      await act(desktop, 'key', { text: 'ctrl+s' }, await contextFor('key', { approveAll: true }));
      assert.deepEqual(approver.commands.map((request) => request.command), ['key ctrl+s']);
      await act(desktop, 'key', { text: 'ctrl+s' }, await contextFor('key', { allowDesktopControl: true }));
      assert.equal(approver.commands.length, 1, 'allowDesktopControl lets it run without asking');
    });

    it('stops at a cancel, before asking or acting', async () => {
      const desktop = new MemoryDesktop({ width: 800, height: 600 });
      const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual' });
      const context = await contextFor('left_click', {});
      context.controller.abort();
      const result = await act(tool, 'left_click', { coordinate: [1, 1] }, context);
      assert.deepEqual(result, { content: 'Cancelled by the user.', isError: true });
      assert.deepEqual([approver.commands, desktop.calls], [[], []]);
    });
  });

  it('plugs into the ToolRunner as a toolset: results echo toolset_name and a failure stops the turn', async () => {
    const desktop = new MemoryDesktop({ width: 800, height: 600 });
    const tool = await createComputerTool({ model: 'claude-sonnet-5-5', desktop, target: 'virtual' });
    const context = await contextFor('');
    const runner = new ToolRunner({ tools: [tool], workspace: context.workspace, approver, policy: context.policy, emit: () => {} });
    const call = (id: string, name: string, input: unknown) => ({ type: 'tool_use' as const, id, name, input, toolset_name: 'computer', caller: { type: 'direct' as const } });
    const { results } = await runner.runTurn(
      [call('a', 'left_click', { coordinate: [5, 5] }), call('b', 'left_click', { coordinate: [900, 5] }), call('c', 'type', { text: 'never' })],
      context.signal,
    );
    assert.deepEqual(
      results.map((result) => [result.tool_use_id, result.toolset_name, result.is_error ?? false]),
      [['a', 'computer', false], ['b', 'computer', true], ['c', 'computer', true]],
    );
    assert.deepEqual(desktop.calls, ['click left x1 5,5']);
  });
});
