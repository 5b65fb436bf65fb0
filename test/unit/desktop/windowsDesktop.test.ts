// The Windows backend cannot run here; these check the PowerShell it would run.
import assert from 'node:assert/strict';
import { parseKeyCombo } from '../../../src/agent/desktop/keyNames';
import { powershellArgv, WindowsDesktop, windowsScripts } from '../../../src/agent/desktop/windowsDesktop';

/** The lines after the shared prelude (which defines the user32 calls). */
function actions(script: string): string[] {
  const after = script.slice(script.indexOf('SetProcessDPIAware() | Out-Null') + 'SetProcessDPIAware() | Out-Null'.length);
  return after.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

describe('windowsScripts', () => {
  it('starts every script by compiling the user32 bindings and becoming DPI-aware', () => {
    const script = windowsScripts.moveMouse({ x: 1, y: 2 });
    assert.match(script, /\$ErrorActionPreference = 'Stop'/);
    assert.match(script, /\[DllImport\("user32.dll"\)\] public static extern bool SetCursorPos/);
    assert.match(script, /\[LoupeInput\]::SetProcessDPIAware\(\) \| Out-Null/);
  });

  it('captures the primary screen to a PNG file, quoting the path for PowerShell', () => {
    const script = windowsScripts.capture("C:\\Users\\o'neil\\shot.png");
    assert.match(script, /CopyFromScreen\(\$b\.Location, \[System\.Drawing\.Point\]::Empty, \$b\.Size\)/);
    assert.match(script, /\$bitmap\.Save\('C:\\Users\\o''neil\\shot\.png', \[System\.Drawing\.Imaging\.ImageFormat\]::Png\)/);
  });

  it('moves and double-clicks with SetCursorPos and mouse_event, holding modifiers around the clicks', () => {
    assert.deepEqual(actions(windowsScripts.click({ x: 100, y: 200 }, 'left', 2, ['ctrl'])), [
      '[LoupeInput]::SetCursorPos(100, 200) | Out-Null',
      '[LoupeInput]::keybd_event([byte]17, 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::mouse_event(2, 0, 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::mouse_event(4, 0, 0, 0, [UIntPtr]::Zero)',
      'Start-Sleep -Milliseconds 40',
      '[LoupeInput]::mouse_event(2, 0, 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::mouse_event(4, 0, 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::keybd_event([byte]17, 0, 2, [UIntPtr]::Zero)',
    ]);
  });

  it('uses the right and middle button flags', () => {
    assert.ok(actions(windowsScripts.click({ x: 0, y: 0 }, 'right', 1)).includes('[LoupeInput]::mouse_event(8, 0, 0, 0, [UIntPtr]::Zero)'));
    assert.deepEqual(actions(windowsScripts.mouseButton('up', 'middle')), ['[LoupeInput]::mouse_event(64, 0, 0, 0, [UIntPtr]::Zero)']);
  });

  it('scrolls in WHEEL_DELTA steps, down negative, sideways with the horizontal wheel', () => {
    assert.ok(actions(windowsScripts.scroll({ x: 5, y: 5 }, 'down', 3)).includes('[LoupeInput]::mouse_event(2048, 0, 0, -360, [UIntPtr]::Zero)'));
    assert.ok(actions(windowsScripts.scroll({ x: 5, y: 5 }, 'right', 1)).includes('[LoupeInput]::mouse_event(4096, 0, 0, 120, [UIntPtr]::Zero)'));
  });

  it('drags with the left button held over ten intermediate moves', () => {
    const lines = actions(windowsScripts.drag({ x: 0, y: 0 }, { x: 50, y: 100 }));
    assert.equal(lines.filter((line) => line.startsWith('[LoupeInput]::SetCursorPos')).length, 11);
    assert.equal(lines.at(-2), 'Start-Sleep -Milliseconds 10');
    assert.equal(lines.at(-3), '[LoupeInput]::SetCursorPos(50, 100) | Out-Null');
    assert.equal(lines.at(-1), '[LoupeInput]::mouse_event(4, 0, 0, 0, [UIntPtr]::Zero)');
  });

  it('presses named keys by virtual-key code and characters through the keyboard layout', () => {
    assert.deepEqual(actions(windowsScripts.pressKeys(parseKeyCombo('ctrl+s'))), [
      '[LoupeInput]::keybd_event([byte]17, 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::keybd_event([byte]([LoupeInput]::VkKeyScan([char]115) -band 0xff), 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::keybd_event([byte]([LoupeInput]::VkKeyScan([char]115) -band 0xff), 0, 2, [UIntPtr]::Zero)',
      '[LoupeInput]::keybd_event([byte]17, 0, 2, [UIntPtr]::Zero)',
    ]);
    assert.deepEqual(actions(windowsScripts.pressKeys(parseKeyCombo('Return'))), [
      '[LoupeInput]::keybd_event([byte]13, 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::keybd_event([byte]13, 0, 2, [UIntPtr]::Zero)',
    ]);
    assert.match(windowsScripts.pressKeys(parseKeyCombo('super+F4')), /keybd_event\(\[byte\]91, 0, 0.*\n.*keybd_event\(\[byte\]115, 0, 0/);
  });

  it('holds keys down for the duration and releases them in reverse order', () => {
    assert.deepEqual(actions(windowsScripts.holdKeys(parseKeyCombo('shift+Left'), 250)), [
      '[LoupeInput]::keybd_event([byte]16, 0, 0, [UIntPtr]::Zero)',
      '[LoupeInput]::keybd_event([byte]37, 0, 0, [UIntPtr]::Zero)',
      'Start-Sleep -Milliseconds 250',
      '[LoupeInput]::keybd_event([byte]37, 0, 2, [UIntPtr]::Zero)',
      '[LoupeInput]::keybd_event([byte]16, 0, 2, [UIntPtr]::Zero)',
    ]);
  });

  it('types text from base64 so no quote or $( ) in it reaches PowerShell as code', () => {
    const text = `it's "quoted" $(Remove-Item C:\\) ünïcødé`;
    const script = windowsScripts.typeText(text);
    assert.equal(script.includes('Remove-Item'), false);
    const encoded = /FromBase64String\('([^']+)'\)/.exec(script)?.[1];
    assert.equal(Buffer.from(encoded as string, 'base64').toString('utf8'), text);
    assert.match(script, /\[LoupeInput\]::TypeCharacter\(\$c\)/);
  });

  it('passes scripts as -EncodedCommand in UTF-16LE base64', () => {
    const argv = powershellArgv('"hi"');
    assert.deepEqual(argv.slice(0, 6), ['powershell.exe', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    assert.equal(Buffer.from(argv[6] as string, 'base64').toString('utf16le'), '"hi"');
  });
});

describe('WindowsDesktop', () => {
  it('runs the generated scripts and reads the screen size and pointer from their output', async () => {
    const ran: string[] = [];
    const desktop = new WindowsDesktop(async (script) => {
      ran.push(script);
      if (script.includes('PrimaryScreen.Bounds')) return '2560x1440\r\n';
      if (script.includes('GetCursorPos')) return '640,360\r\n';
      return '';
    });
    assert.deepEqual(await desktop.screenSize(), { width: 2560, height: 1440 });
    assert.deepEqual(await desktop.cursorPosition(), { x: 640, y: 360 });
    await desktop.scroll({ x: 1, y: 2 }, 'up', 2, ['shift']);
    assert.match(ran.at(-1) as string, /keybd_event\(\[byte\]16, 0, 0[\s\S]*mouse_event\(2048, 0, 0, 240[\s\S]*keybd_event\(\[byte\]16, 0, 2/);
  });
});
