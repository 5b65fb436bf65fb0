// The in-process X11 GetImage client against real Xvfb servers: same pixels as xwd, events in the
// stream skipped, and Xauthority cookies honoured by a server that demands them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { VirtualDisplay } from '../../src/agent/desktop/virtualDisplay';
import { X11Desktop } from '../../src/agent/desktop/x11Desktop';
import { findCookie, X11ImageClient } from '../../src/agent/desktop/x11GetImage';
import { captureWithXwd } from '../../src/agent/desktop/xwdCapture';
import { killProcessTree } from '../../src/agent/tools/processTree';

/** One Xauthority entry as libXau writes it: family, then length-prefixed address, number, name and data. */
function xauthEntry(family: number, address: string, number: string, cookie: Buffer): Buffer {
  const field = (value: Buffer) => Buffer.concat([Buffer.from([value.length >> 8, value.length & 0xff]), value]);
  return Buffer.concat([Buffer.from([family >> 8, family & 0xff]), field(Buffer.from(address)), field(Buffer.from(number)), field(Buffer.from('MIT-MAGIC-COOKIE-1')), field(cookie)]);
}

/** Starts an Xvfb of our own, not through VirtualDisplay (with `-auth FILE`, it only admits clients with its cookie). */
function startXvfb(extraArgs: string[]): Promise<{ display: string; pid: number }> {
  const child = spawn('Xvfb', ['-displayfd', '3', ...extraArgs, '-screen', '0', '320x240x24', '-nolisten', 'tcp', '-noreset'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true });
  return new Promise((resolve, reject) => {
    let text = '';
    child.on('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /^(\d+)\n/.exec(text);
      if (match) resolve({ display: `:${match[1]}`, pid: child.pid as number });
    });
  });
}

describe('X11ImageClient on a real Xvfb', function () {
  this.timeout(20_000);

  it('captures the root window with the same pixels as xwd, also after the keymap changes under it', async () => {
    const display = await VirtualDisplay.start({ width: 640, height: 400 });
    const client = await X11ImageClient.connect(display.display);
    try {
      const env = { DISPLAY: display.display };
      await execa('xsetroot', ['-mod', '5', '7', '-fg', '#ff8000', '-bg', '#102030'], { env });
      const first = await client.captureRoot();
      assert.deepEqual([first.width, first.height, first.channels], [640, 400, 3]);
      assert.ok(first.data.equals((await captureWithXwd(display.display)).data), 'GetImage and xwd agree pixel for pixel');

      // Typing a character the keymap lacks makes xdotool remap a key: every client gets a MappingNotify event.
      const window = await execa('xdotool', ['type', '--delay', '1', '€ü'], { env });
      assert.equal(window.exitCode, 0);
      await execa('xsetroot', ['-solid', '#336699'], { env });
      const [second, third] = await Promise.all([client.captureRoot(), client.captureRoot()]);
      assert.deepEqual([...second.data.subarray(0, 3)], [0x33, 0x66, 0x99]);
      assert.ok(second.data.equals(third.data));
    } finally {
      client.close();
      await display.dispose();
    }
  });

  it('connects to a server that requires a cookie using the Xauthority file, and is refused without it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'loupe-xauth-'));
    let server: { display: string; pid: number } | undefined;
    try {
      const authFile = join(folder, 'Xauthority');
      const cookie = randomBytes(16);
      await writeFile(authFile, Buffer.concat([xauthEntry(256, 'another-host', '0', randomBytes(16)), xauthEntry(65535, '', '', cookie)]));
      server = await startXvfb(['-auth', authFile]);
      const client = await X11ImageClient.connect(server.display, { xauthority: authFile });
      const frame = await client.captureRoot();
      client.close();
      assert.deepEqual([frame.width, frame.height], [320, 240]);
      await assert.rejects(X11ImageClient.connect(server.display, { xauthority: join(folder, 'missing') }), /refused the connection/);
    } finally {
      if (server) await killProcessTree(server.pid, 'SIGKILL');
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('is how X11Desktop captures a display Loupe did not start (as with --computer desktop)', async () => {
    const server = await startXvfb([]);
    try {
      const desktop = await X11Desktop.connect(server.display);
      try {
        assert.equal(desktop.captureMethod, 'getimage');
        await execa('xsetroot', ['-solid', '#0a141e'], { env: { DISPLAY: server.display } });
        const frame = await desktop.captureScreen();
        assert.deepEqual([frame.width, frame.height], [320, 240]);
        assert.deepEqual([...frame.data.subarray(frame.data.length - 3)], [0x0a, 0x14, 0x1e]);
      } finally {
        await desktop.dispose();
      }
    } finally {
      await killProcessTree(server.pid, 'SIGKILL');
    }
  });

  it('picks the cookie for this host and display number from several Xauthority entries', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'loupe-xauth-'));
    try {
      const file = join(folder, 'Xauthority');
      const wanted = randomBytes(16);
      await writeFile(file, Buffer.concat([
        xauthEntry(256, hostname(), '3', randomBytes(16)),
        xauthEntry(256, 'elsewhere', '7', randomBytes(16)),
        xauthEntry(256, hostname(), '7', wanted),
      ]));
      assert.ok(findCookie('7', file)?.equals(wanted));
      assert.equal(findCookie('9', file), undefined);
      assert.equal(findCookie('7', join(folder, 'none')), undefined);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses a remote display name, which only xwd can reach', async () => {
    await assert.rejects(X11ImageClient.connect('otherhost:0'), /not a local display/);
  });
});
