// VirtualDisplay on this machine's real Xvfb: it starts on a free display, its screen is captured
// for real, and nothing it started (Xvfb, Chromium and its helpers) outlives dispose or the process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { VirtualDisplay } from '../../src/agent/desktop/virtualDisplay';
import { X11Desktop } from '../../src/agent/desktop/x11Desktop';
import { captureWithXwd, parseXwd } from '../../src/agent/desktop/xwdCapture';
import { listDescendants } from '../../src/agent/tools/processTree';
import { MAX_ATTEMPTS } from '../../src/agent/attempts/bestOfN';
import { isRunning, xServerPid } from '../support/processes';
import { serveTestApp, type TestApp } from '../support/xvfb';

const execFileAsync = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, '..', '..');

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('VirtualDisplay on a real Xvfb', function () {
  this.timeout(30_000);
  let app: TestApp;

  before(async () => {
    app = await serveTestApp();
  });

  after(async () => {
    await app?.close();
  });

  it('starts two displays side by side, each on its own free display number and at its own size', async () => {
    const first = await VirtualDisplay.start({ width: 640, height: 480 });
    const second = await VirtualDisplay.start({ width: 800, height: 600 });
    try {
      assert.match(first.display, /^:\d+$/);
      assert.notEqual(first.display, second.display);
      const { stdout } = await execa('xdotool', ['getdisplaygeometry'], { env: { DISPLAY: second.display } });
      assert.equal(stdout.trim(), '800 600');
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  it(`starts ${MAX_ATTEMPTS} displays at once (one per best-of-N attempt) on as many numbers, each its own server`, async () => {
    // Started together, as the attempts start theirs: Xvfb -displayfd claims a number by binding its
    // socket, so two servers starting at the same moment cannot both take the same one.
    const sizes = Array.from({ length: MAX_ATTEMPTS }, (_, index) => ({ width: 320 + 16 * index, height: 240 }));
    const started = await Promise.allSettled(sizes.map((size) => VirtualDisplay.start(size)));
    const displays = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      assert.deepEqual(started.filter((result) => result.status === 'rejected'), [], 'every display started');
      assert.equal(new Set(displays.map((display) => display.display)).size, MAX_ATTEMPTS, displays.map((display) => display.display).join(' '));
      assert.equal(new Set(displays.map((display) => display.pid)).size, MAX_ATTEMPTS);
      // Each number answers with its own server: the size asked for there, and the Xvfb started for it.
      for (const [index, display] of displays.entries()) {
        const { stdout } = await execa('xdotool', ['getdisplaygeometry'], { env: { DISPLAY: display.display } });
        assert.equal(stdout.trim(), `${sizes[index]!.width} 240`, display.display);
        assert.equal(xServerPid(display.display), display.pid, `${display.display} is served by its own Xvfb`);
      }
    } finally {
      await Promise.all(displays.map((display) => display.dispose()));
    }
    for (const display of displays) {
      assert.equal(isRunning(display.pid), false, `the Xvfb of ${display.display} has ended`);
      assert.equal(existsSync(`/tmp/.X11-unix/X${display.display.slice(1)}`), false, `the socket of ${display.display} is gone`);
    }
  });

  it('captures what is drawn on the root window, the same through the framebuffer file and through xwd', async () => {
    const display = await VirtualDisplay.start({ width: 320, height: 200 });
    const desktop = await X11Desktop.connect(display.display);
    try {
      await execa('xsetroot', ['-solid', '#c81e0a'], { env: { DISPLAY: display.display } });
      assert.equal(desktop.captureMethod, 'framebuffer');
      const frame = await desktop.captureScreen();
      assert.deepEqual([frame.width, frame.height, frame.channels], [320, 200, 3]);
      for (const at of [0, 3 * 1000, frame.data.length - 3]) assert.deepEqual([...frame.data.subarray(at, at + 3)], [0xc8, 0x1e, 0x0a]);
      const viaXwd = await captureWithXwd(display.display);
      assert.ok(viaXwd.data.equals(frame.data), 'xwd and the framebuffer agree pixel for pixel');
    } finally {
      await desktop.dispose();
      await display.dispose();
    }
  });

  it('parses a real `xwd -root` file of a drawn pattern into the right pixels', async () => {
    const display = await VirtualDisplay.start({ width: 300, height: 100 });
    const folder = await mkdtemp(join(tmpdir(), 'loupe-xbm-'));
    try {
      const env = { ...process.env, DISPLAY: display.display };
      // A 2x2 checker of green and blue, as a bitmap tiled over the root window.
      const bitmap = join(folder, 'checker.xbm');
      await writeFile(bitmap, '#define c_width 2\n#define c_height 2\nstatic unsigned char c_bits[] = {\n  0x01, 0x02};\n');
      await execFileAsync('xsetroot', ['-bitmap', bitmap, '-fg', '#00ff00', '-bg', '#0000ff'], { env });
      const { stdout } = await execa('xwd', ['-root', '-silent'], { env, encoding: 'buffer' });
      const frame = parseXwd(Buffer.from(stdout));
      assert.deepEqual([frame.width, frame.height], [300, 100]);
      const pixel = (x: number, y: number) => [...frame.data.subarray((y * 300 + x) * 3, (y * 300 + x) * 3 + 3)];
      assert.deepEqual(pixel(0, 0), [0, 255, 0]);
      assert.deepEqual(pixel(1, 0), [0, 0, 255]);
      assert.deepEqual(pixel(0, 1), [0, 0, 255]);
      assert.deepEqual(pixel(1, 1), [0, 255, 0]);
      assert.deepEqual(pixel(299, 99), [0, 255, 0]);
    } finally {
      await rm(folder, { recursive: true, force: true });
      await display.dispose();
    }
  });

  it('stops Xvfb, the browser and all its helper processes on dispose, removes its files, and can be disposed twice', async () => {
    const display = await VirtualDisplay.start({ width: 800, height: 600 });
    const browser = await display.openUrl(app.staticUrl);
    const helpers = await listDescendants(browser.pid);
    assert.ok(helpers.length > 0, 'Chromium started helper processes');
    const started = [display.pid, browser.pid, ...helpers];
    assert.ok(started.every(isRunning));
    assert.ok(existsSync(display.framebufferFile));

    await display.dispose();
    await display.dispose();

    assert.deepEqual(started.filter(isRunning), [], 'no process started for the display is still running');
    assert.equal(existsSync(display.framebufferFile), false, 'the framebuffer file is removed');
    assert.throws(() => display.launch('xsetroot', ['-solid', 'red']), /has been closed/);
  });

  it('stops a launched program on its own without touching the display', async () => {
    const display = await VirtualDisplay.start({ width: 400, height: 300 });
    try {
      const program = display.launch('sleep', ['60']);
      assert.ok(isRunning(program.pid));
      await program.stop();
      assert.equal(isRunning(program.pid), false);
      assert.ok(isRunning(display.pid), 'Xvfb keeps running');
    } finally {
      await display.dispose();
    }
  });

  it('leaves no Xvfb behind when the Node process exits without disposing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'loupe-exit-'));
    try {
      const script = join(folder, 'forget.mts');
      const module = join(REPO_ROOT, 'src', 'agent', 'desktop', 'virtualDisplay.ts');
      await writeFile(script, `import { VirtualDisplay } from ${JSON.stringify(module)};\nconst d = await VirtualDisplay.start({ width: 320, height: 240 });\nconst p = d.launch('sleep', ['60']);\nconsole.log(JSON.stringify({ xvfb: d.pid, program: p.pid, fb: d.framebufferFile }));\nprocess.exit(0);\n`);
      const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT });
      const pids = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { xvfb: number; program: number; fb: string };
      assert.ok(await waitUntil(() => !isRunning(pids.xvfb) && !isRunning(pids.program), 2000), 'Xvfb and the program are gone');
      assert.equal(existsSync(pids.fb), false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT'] as const) {
    it(`leaves no Xvfb and no program behind when the Node process is ended by ${signal} (no handler, no exit event)`, async () => {
      const folder = await mkdtemp(join(tmpdir(), 'loupe-killed-'));
      try {
        const script = join(folder, 'killed.mts');
        const module = join(REPO_ROOT, 'src', 'agent', 'desktop', 'virtualDisplay.ts');
        await writeFile(script, `import { VirtualDisplay } from ${JSON.stringify(module)};\nconst d = await VirtualDisplay.start({ width: 320, height: 240 });\nconst p = d.launch('sleep', ['60']);\nconsole.log(JSON.stringify({ xvfb: d.pid, program: p.pid }));\nprocess.kill(process.pid, ${JSON.stringify(signal)});\nsetTimeout(() => undefined, 60_000);\n`);
        const child = execFileAsync(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT });
        const failed = await child.then(() => undefined, (error: { stdout?: string; signal?: string }) => error);
        assert.equal(failed?.signal, signal, 'the process died of the signal');
        const pids = JSON.parse((failed?.stdout ?? '').trim().split('\n').at(-1) as string) as { xvfb: number; program: number };
        assert.ok(await waitUntil(() => !isRunning(pids.xvfb) && !isRunning(pids.program), 15_000), `Xvfb (${pids.xvfb}) or the program (${pids.program}) outlived the process`);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });
  }

  it('refuses a size Xvfb cannot have, saying what sizes work', async () => {
    await assert.rejects(VirtualDisplay.start({ width: 0, height: 600 }), /between 1x1 and 8192x8192/);
    await assert.rejects(VirtualDisplay.start({ width: 1280.5, height: 800 }), /whole pixels/);
  });
});
