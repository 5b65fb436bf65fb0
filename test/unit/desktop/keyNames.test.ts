import assert from 'node:assert/strict';
import { formatXdotoolChord, parseKeyCombo, parseModifiers } from '../../../src/agent/desktop/keyNames';

const xdotool = (combo: string) => parseKeyCombo(combo).map(formatXdotoolChord);

describe('parseKeyCombo', () => {
  it('keeps xdotool keysym combinations as they are', () => {
    assert.deepEqual(xdotool('ctrl+s'), ['ctrl+s']);
    assert.deepEqual(xdotool('alt+Tab'), ['alt+Tab']);
    assert.deepEqual(xdotool('ctrl+shift+t'), ['ctrl+shift+t']);
    assert.deepEqual(xdotool('KP_Enter'), ['KP_Enter']);
    assert.deepEqual(xdotool('XF86AudioMute'), ['XF86AudioMute']);
  });

  it('reads the names models often use for keys and modifiers', () => {
    assert.deepEqual(xdotool('Enter'), ['Return']);
    assert.deepEqual(xdotool('esc'), ['Escape']);
    assert.deepEqual(xdotool('cmd+c'), ['super+c']);
    assert.deepEqual(xdotool('Control+PageDown'), ['ctrl+Next']);
    assert.deepEqual(xdotool('option+Backspace'), ['alt+BackSpace']);
    assert.deepEqual(xdotool('f5'), ['F5']);
    assert.deepEqual(xdotool('ArrowUp'), ['Up']);
  });

  it('names punctuation by its keysym, which xdotool needs', () => {
    assert.deepEqual(xdotool('ctrl+/'), ['ctrl+slash']);
    assert.deepEqual(xdotool('-'), ['minus']);
    assert.deepEqual(xdotool('ctrl++'), ['ctrl+plus']);
    assert.deepEqual(xdotool('+'), ['plus']);
  });

  it('reads a sequence of chords separated by spaces, and a lone modifier', () => {
    assert.deepEqual(xdotool('ctrl+a BackSpace'), ['ctrl+a', 'BackSpace']);
    assert.deepEqual(parseKeyCombo('shift'), [{ modifiers: ['shift'], key: undefined }]);
  });

  it('refuses an empty combination, an empty part, a key before a modifier, and names with odd characters', () => {
    assert.throws(() => parseKeyCombo('  '), /empty/);
    assert.throws(() => parseKeyCombo('ctrl++s'), /empty part/);
    assert.throws(() => parseKeyCombo('a+ctrl'), /`a` is not a modifier/);
    assert.throws(() => parseKeyCombo('ctrl+<weird>'), /not a key name/);
  });
});

describe('parseModifiers', () => {
  it('collects the modifiers of each entry once, in order', () => {
    assert.deepEqual(parseModifiers(['shift', 'ctrl+alt', 'Shift_L']), ['shift', 'ctrl', 'alt']);
    assert.deepEqual(parseModifiers([]), []);
  });

  it('refuses an ordinary key held during a click', () => {
    assert.throws(() => parseModifiers(['ctrl+a']), /Only modifiers/);
  });
});
