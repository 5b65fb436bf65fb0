import assert from 'node:assert/strict';
import { COMPUTER_MEMBER_NAME_VALUES } from '@anthropic-ai/sdk/resources/messages/messages';
import {
  COMPUTER_ACTION_NAMES,
  describeAction,
  MAX_SCROLL_AMOUNT,
  MAX_WAIT_SECONDS,
  parseComputerAction,
  type ComputerAction,
  type ParseOptions,
} from '../../src/agent/tools/computer/computerInput';

const SHOT: ParseOptions = { screenshot: { width: 1280, height: 800 }, zoom: true };

function action(name: string, input: Record<string, unknown>, options: ParseOptions = SHOT): ComputerAction {
  const parsed = parseComputerAction(name, input, options);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.action;
}

function error(name: string, input: Record<string, unknown>, options: ParseOptions = SHOT): string {
  const parsed = parseComputerAction(name, input, options);
  assert.ok(!parsed.ok, `expected ${name} ${JSON.stringify(input)} to be refused`);
  return parsed.error;
}

describe('computer action input', () => {
  it('knows exactly the members of the SDK computer toolset', () => {
    assert.deepEqual([...COMPUTER_ACTION_NAMES].sort(), [...COMPUTER_MEMBER_NAME_VALUES].sort());
  });

  it('refuses an unknown action and lists the available ones', () => {
    assert.match(error('click', {}), /Unknown computer action "click"\. Available: key, hold_key, .*zoom\./);
  });

  it('refuses zoom when the tool version has none', () => {
    const message = error('zoom', { region: [0, 0, 10, 10] }, { ...SHOT, zoom: false });
    assert.match(message, /zoom is not available/);
    assert.doesNotMatch(message.split('Available:')[1] ?? '', /zoom/);
  });

  it('accepts coordinates on the last pixel and refuses one past it, naming the screenshot size', () => {
    assert.deepEqual(action('left_click', { coordinate: [1279, 799] }), { name: 'left_click', at: { x: 1279, y: 799 }, modifiers: [] });
    assert.match(error('left_click', { coordinate: [1280, 10] }), /\(1280, 10\) is outside the screenshot, which is 1280x800 pixels: x must be 0–1279 and y 0–799/);
    assert.match(error('mouse_move', { coordinate: [-1, 10] }), /outside the screenshot/);
  });

  it('refuses coordinates that are not two numbers', () => {
    assert.match(error('left_click', { coordinate: [10] }), /`coordinate` must be \[x, y\]/);
    assert.match(error('left_click', { coordinate: ['10', '20'] }), /`coordinate` must be \[x, y\]/);
    assert.match(error('left_click', { coordinate: [Number.NaN, 2] }), /`coordinate` must be \[x, y\]/);
    assert.match(error('mouse_move', {}), /mouse_move needs `coordinate`/);
  });

  it('rounds fractional coordinates to whole screenshot pixels', () => {
    assert.deepEqual(action('mouse_move', { coordinate: [10.4, 20.6] }), { name: 'mouse_move', at: { x: 10, y: 21 } });
  });

  it('clicks at the pointer when no coordinate is given, holding the modifiers named in text', () => {
    assert.deepEqual(action('double_click', {}), { name: 'double_click', modifiers: [] });
    assert.deepEqual(action('left_click', { coordinate: [5, 5], text: 'Ctrl+Shift' }), { name: 'left_click', at: { x: 5, y: 5 }, modifiers: ['ctrl', 'shift'] });
    assert.deepEqual(action('right_click', { text: 'cmd' }), { name: 'right_click', modifiers: ['super'] });
    assert.match(error('left_click', { text: 'ctrl+a' }), /not a set of modifier keys/);
  });

  it('requires text for type and key, and checks key names against real keys', () => {
    assert.match(error('type', {}), /type needs `text`/);
    assert.match(error('type', { text: '' }), /type needs `text`/);
    assert.match(error('key', {}), /key needs `text`/);
    assert.deepEqual(action('key', { text: 'Enter' }), { name: 'key', keys: 'Return', repeat: 1 });
    assert.deepEqual(action('key', { text: 'ctrl+shift+ESCAPE' }), { name: 'key', keys: 'ctrl+shift+Escape', repeat: 1 });
    assert.deepEqual(action('key', { text: 'kp_enter' }), { name: 'key', keys: 'KP_Enter', repeat: 1 });
    assert.deepEqual(action('key', { text: 'ctrl+a BackSpace', repeat: 3 }), { name: 'key', keys: 'ctrl+a BackSpace', repeat: 3 });
    assert.deepEqual(action('key', { text: 'ctrl+-' }), { name: 'key', keys: 'ctrl+minus', repeat: 1 });
    assert.match(error('key', { text: 'Entr' }), /Unknown key "Entr" in "Entr"\. Use X key names/);
    assert.match(error('key', { text: 'é' }), /use the type action/);
    assert.match(error('key', { text: 'ctrl+' }), /empty part/);
    assert.match(error('key', { text: 'Return', repeat: 0 }), /`repeat` must be a whole number from 1/);
  });

  it('checks scroll direction and amount', () => {
    assert.deepEqual(action('scroll', { coordinate: [100, 200], scroll_direction: 'down', scroll_amount: 3 }), {
      name: 'scroll',
      at: { x: 100, y: 200 },
      direction: 'down',
      amount: 3,
      modifiers: [],
    });
    assert.match(error('scroll', { scroll_direction: 'sideways', scroll_amount: 3 }), /scroll_direction`: one of up, down, left, right; got "sideways"/);
    assert.match(error('scroll', { scroll_direction: 'up' }), /scroll_amount`: a whole number of wheel clicks from 1 to 50; got undefined/);
    assert.match(error('scroll', { scroll_direction: 'up', scroll_amount: MAX_SCROLL_AMOUNT + 1 }), /from 1 to 50/);
    assert.match(error('scroll', { scroll_direction: 'up', scroll_amount: 1.5 }), /whole number/);
  });

  it('checks a zoom region is a non-empty rectangle inside the screenshot', () => {
    assert.deepEqual(action('zoom', { region: [0, 0, 1280, 800] }), { name: 'zoom', region: { x0: 0, y0: 0, x1: 1280, y1: 800 } });
    assert.match(error('zoom', {}), /zoom needs `region`: \[x0, y0, x1, y1\]/);
    assert.match(error('zoom', { region: [0, 0, 1281, 800] }), /reaches outside the screenshot, which is 1280x800/);
    assert.match(error('zoom', { region: [100, 100, 100, 200] }), /is empty: x1 must be greater than x0/);
    assert.match(error('zoom', { region: [1, 2, 3] }), /`region` must be \[x0, y0, x1, y1\]/);
  });

  it('caps a wait at the longest one wait may take and refuses a negative one', () => {
    assert.deepEqual(action('wait', { duration: 2 }), { name: 'wait', seconds: 2, requestedSeconds: 2 });
    assert.deepEqual(action('wait', { duration: 600 }), { name: 'wait', seconds: MAX_WAIT_SECONDS, requestedSeconds: 600 });
    assert.match(error('wait', { duration: -1 }), /wait needs `duration`: a number of seconds/);
  });

  it('holds one key combination for a bounded time', () => {
    assert.deepEqual(action('hold_key', { text: 'Shift', duration: 1 }), { name: 'hold_key', combo: 'shift', seconds: 1 });
    assert.match(error('hold_key', { text: 'shift', duration: 60 }), /at most 10 seconds/);
    assert.match(error('hold_key', { text: 'a b', duration: 1 }), /Hold one key or combination at a time/);
  });

  it('drags between two points and refuses keys it cannot hold during a drag', () => {
    assert.deepEqual(action('left_click_drag', { start_coordinate: [1, 2], coordinate: [30, 40] }), { name: 'left_click_drag', from: { x: 1, y: 2 }, to: { x: 30, y: 40 } });
    assert.match(error('left_click_drag', { coordinate: [30, 40] }), /left_click_drag needs `start_coordinate`/);
    assert.match(error('left_click_drag', { start_coordinate: [1, 2], coordinate: [30, 40], text: 'shift' }), /cannot hold keys/);
  });

  it('describes actions for a person in the coordinates the model sent', () => {
    assert.equal(describeAction(action('left_click', { coordinate: [120, 340] })), 'left_click at (120, 340)');
    assert.equal(describeAction(action('double_click', { text: 'shift' })), 'double_click at the mouse pointer holding shift');
    assert.equal(describeAction(action('type', { text: 'hello' })), 'type "hello"');
    assert.equal(describeAction(action('key', { text: 'ctrl+s', repeat: 2 })), 'key ctrl+s ×2');
    assert.equal(describeAction(action('left_click_drag', { start_coordinate: [1, 2], coordinate: [3, 4] })), 'left_click_drag from (1, 2) to (3, 4)');
    assert.equal(describeAction(action('scroll', { scroll_direction: 'up', scroll_amount: 5 })), 'scroll up 5 at the mouse pointer');
    assert.equal(describeAction(action('left_mouse_down', {})), 'left_mouse_down');
  });
});
