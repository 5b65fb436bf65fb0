// The macOS backend cannot run here; these check the command lines it would run.
import assert from 'node:assert/strict';
import { parseKeyCombo } from '../../../src/agent/desktop/keyNames';
import { macCommands, MacDesktop, type Argv } from '../../../src/agent/desktop/macDesktop';

/** The JavaScript program of an `osascript -l JavaScript -e <program>` command. */
function jxa(argv: Argv): string {
  assert.deepEqual(argv.slice(0, 4), ['osascript', '-l', 'JavaScript', '-e']);
  return argv[4] as string;
}

describe('macCommands', () => {
  it('captures the main display silently as PNG with screencapture', () => {
    assert.deepEqual(macCommands.capture('/tmp/x.png'), ['screencapture', '-x', '-m', '-t', 'png', '/tmp/x.png']);
  });

  it('moves and clicks with cliclick, one argument per command', () => {
    assert.deepEqual(macCommands.moveMouse({ x: 10.4, y: 20.6 }), ['cliclick', 'm:10,21']);
    assert.deepEqual(macCommands.click({ x: 5, y: 6 }, 'left', 1), ['cliclick', 'c:5,6']);
    assert.deepEqual(macCommands.click({ x: 5, y: 6 }, 'left', 2), ['cliclick', 'dc:5,6']);
    assert.deepEqual(macCommands.click({ x: 5, y: 6 }, 'left', 3), ['cliclick', 'tc:5,6']);
    assert.deepEqual(macCommands.click({ x: 5, y: 6 }, 'right', 1), ['cliclick', 'rc:5,6']);
  });

  it('holds modifiers around a click, with cmd for super', () => {
    assert.deepEqual(macCommands.click({ x: 1, y: 2 }, 'left', 1, ['shift', 'super']), ['cliclick', 'kd:shift,cmd', 'c:1,2', 'ku:shift,cmd']);
  });

  it('sends a middle click as CoreGraphics "other" button events', () => {
    const program = jxa(macCommands.click({ x: 30, y: 40 }, 'middle', 1));
    assert.match(program, /CGEventCreateMouseEvent\(null, 25, \$\.CGPointMake\(30, 40\), 2\)/);
    assert.match(program, /CGEventCreateMouseEvent\(null, 26, \$\.CGPointMake\(30, 40\), 2\)/);
  });

  it('drags with button down, intermediate moves and button up at the target', () => {
    const argv = macCommands.drag({ x: 0, y: 0 }, { x: 100, y: 50 });
    assert.deepEqual(argv.slice(0, 3), ['cliclick', 'm:0,0', 'dd:0,0']);
    assert.equal(argv.filter((part) => part.startsWith('dm:')).length, 10);
    assert.equal(argv.at(-2), 'dm:100,50');
    assert.equal(argv.at(-1), 'du:100,50');
  });

  it('scrolls with a line-based wheel event at the point, down as negative, with modifier flags', () => {
    const program = jxa(macCommands.scroll({ x: 300, y: 200 }, 'down', 3, ['shift']));
    assert.match(program, /CGPointMake\(300, 200\)/);
    assert.match(program, /CGEventCreateScrollWheelEvent2\(null, 1, 2, -3, 0, 0\), 131072\)/);
    assert.match(jxa(macCommands.scroll({ x: 1, y: 1 }, 'left', 2)), /CGEventCreateScrollWheelEvent2\(null, 1, 2, 0, 2, 0\), 0\)/);
  });

  it('presses named keys with kp:, characters with t:, holding the modifiers', () => {
    assert.deepEqual(macCommands.pressKeys(parseKeyCombo('cmd+s')), ['cliclick', 'kd:cmd', 't:s', 'ku:cmd']);
    assert.deepEqual(macCommands.pressKeys(parseKeyCombo('Return')), ['cliclick', 'kp:return']);
    assert.deepEqual(macCommands.pressKeys(parseKeyCombo('ctrl+a BackSpace')), ['cliclick', 'kd:ctrl', 't:a', 'ku:ctrl', 'kp:delete']);
    assert.deepEqual(macCommands.pressKeys(parseKeyCombo('cmd+/')), ['cliclick', 'kd:cmd', 't:/', 'ku:cmd']);
    assert.throws(() => macCommands.pressKeys(parseKeyCombo('XF86AudioMute')), /cannot be pressed on macOS/);
  });

  it('holds keys with key-down events, waits, and releases them in reverse', () => {
    const program = jxa(macCommands.holdKeys(parseKeyCombo('shift+Right'), 1500));
    const downShift = program.indexOf('CGEventCreateKeyboardEvent(null, 56, true)');
    const downRight = program.indexOf('CGEventCreateKeyboardEvent(null, 124, true)');
    const wait = program.indexOf('delay(1.5)');
    const upRight = program.indexOf('CGEventCreateKeyboardEvent(null, 124, false)');
    const upShift = program.indexOf('CGEventCreateKeyboardEvent(null, 56, false)');
    assert.ok(downShift >= 0 && downShift < downRight && downRight < wait && wait < upRight && upRight < upShift, program);
  });

  it('types text as a single cliclick argument, never through a shell', () => {
    assert.deepEqual(macCommands.typeText('a "b" $(rm -rf ~); c'), ['cliclick', 't:a "b" $(rm -rf ~); c']);
  });

  it('refuses negative coordinates', () => {
    assert.throws(() => macCommands.moveMouse({ x: -1, y: 0 }), /not a point on the screen/);
  });
});

describe('MacDesktop', () => {
  it('runs the generated commands and reads the screen size and pointer from their output', async () => {
    const ran: Argv[] = [];
    const outputs: Record<string, string> = { osascript: '1440x900\n', cliclick: '512,384\n' };
    const desktop = new MacDesktop(async (argv) => {
      ran.push(argv);
      return outputs[argv[0] as string] ?? '';
    });
    assert.deepEqual(await desktop.screenSize(), { width: 1440, height: 900 });
    await desktop.click({ x: 3, y: 4 }, 'left', 2, ['cmd']);
    assert.deepEqual(ran.at(-1), ['cliclick', 'kd:cmd', 'dc:3,4', 'ku:cmd']);
    assert.deepEqual(await desktop.cursorPosition(), { x: 512, y: 384 });
    await desktop.mouseDown('left');
    assert.deepEqual(ran.at(-1), ['cliclick', 'dd:512,384']);
  });
});
