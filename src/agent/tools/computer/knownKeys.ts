// Checks the keys the model names against the keys X actually has, on top of the desktop layer's
// parser (which canonicalises spellings but accepts any word), so "Entr" fails with advice, not later.
import { formatXdotoolChord, parseKeyCombo, type KeyChord, type Modifier } from '../../desktop/keyNames';
import { errorText } from '../../../shared/errorText';

/** X keysym names a keyboard can press, keyed by their lower-case form (the docs: names are case-insensitive). */
const KNOWN_KEYSYMS = new Map<string, string>(
  [
    'Return', 'Tab', 'Escape', 'BackSpace', 'Delete', 'Insert', 'Home', 'End', 'Prior', 'Next', 'Page_Up', 'Page_Down',
    'Up', 'Down', 'Left', 'Right', 'space', 'Menu', 'Print', 'Pause', 'Break', 'Caps_Lock', 'Num_Lock',
    'Scroll_Lock', 'Sys_Req', 'Clear', 'Find', 'Help', 'Undo', 'Redo', 'Cancel', 'Execute', 'Select', 'ISO_Left_Tab',
    'Super_L', 'Super_R', 'Control_L', 'Control_R', 'Shift_L', 'Shift_R', 'Alt_L', 'Alt_R', 'Meta_L', 'Meta_R',
    'Hyper_L', 'Hyper_R',
    ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
    ...Array.from({ length: 10 }, (_, i) => `KP_${i}`),
    'KP_Enter', 'KP_Add', 'KP_Subtract', 'KP_Multiply', 'KP_Divide', 'KP_Decimal', 'KP_Separator', 'KP_Equal',
    'KP_Home', 'KP_End', 'KP_Up', 'KP_Down', 'KP_Left', 'KP_Right', 'KP_Prior', 'KP_Next', 'KP_Page_Up',
    'KP_Page_Down', 'KP_Insert', 'KP_Delete', 'KP_Begin',
    'minus', 'plus', 'equal', 'comma', 'period', 'slash', 'backslash', 'semicolon', 'apostrophe', 'quotedbl',
    'grave', 'asciitilde', 'exclam', 'at', 'numbersign', 'dollar', 'percent', 'asciicircum', 'ampersand',
    'asterisk', 'parenleft', 'parenright', 'underscore', 'bracketleft', 'bracketright', 'braceleft',
    'braceright', 'bar', 'colon', 'less', 'greater', 'question',
  ].map((name) => [name.toLowerCase(), name]),
);

const KEY_EXAMPLES = 'e.g. "Return", "Tab", "Escape", "ctrl+s", "alt+Tab", "ctrl+shift+Escape", "Page_Down", "F5"';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The chord's key in the exact case X expects, or undefined when X has no such key. */
function knownKey(key: string): string | undefined {
  if (/^[A-Za-z0-9]$/.test(key)) return key;
  // Media and vendor keys (XF86AudioMute, XF86Back, ...) are too many to list; their names cannot be mistaken.
  if (/^XF86[A-Za-z0-9]+$/.test(key)) return key;
  return KNOWN_KEYSYMS.get(key.toLowerCase());
}

function parseChords(text: string): Checked<KeyChord[]> {
  let chords: KeyChord[];
  try {
    chords = parseKeyCombo(text);
  } catch (error) {
    return { ok: false, error: `${errorText(error)} (${KEY_EXAMPLES}).` };
  }
  const checked: KeyChord[] = [];
  for (const chord of chords) {
    if (chord.key === undefined) {
      checked.push(chord);
      continue;
    }
    const key = knownKey(chord.key);
    if (!key) {
      const hint = chord.key.length === 1 ? ' To enter other characters, use the type action.' : '';
      return { ok: false, error: `Unknown key "${chord.key}" in "${text}". Use X key names (${KEY_EXAMPLES}).${hint}` };
    }
    checked.push({ modifiers: chord.modifiers, key });
  }
  return { ok: true, value: checked };
}

/** The `key` action's text in xdotool syntax; several chords separated by spaces press one after another. */
export function checkKeyPresses(text: string): Checked<string> {
  // A lone space is the space bar, which the desktop parser would read as an empty sequence.
  if (text.length > 0 && text.trim() === '') return { ok: true, value: 'space' };
  const chords = parseChords(text);
  return chords.ok ? { ok: true, value: chords.value.map(formatXdotoolChord).join(' ') } : chords;
}

/** One chord to hold (hold_key): "shift", "ctrl+alt", "a". */
export function checkHeldKeys(text: string): Checked<string> {
  const chords = parseChords(text);
  if (!chords.ok) return chords;
  const [chord, ...rest] = chords.value;
  if (!chord || rest.length > 0) return { ok: false, error: `Hold one key or combination at a time ("shift", "ctrl+alt"); got "${text}".` };
  return { ok: true, value: formatXdotoolChord(chord) };
}

/** The keys to hold during a click or scroll: only modifiers make sense there ("ctrl", "shift", "ctrl+shift"). */
export function checkModifiers(text: string): Checked<Modifier[]> {
  const chords = parseChords(text);
  const chord = chords.ok && chords.value.length === 1 ? chords.value[0] : undefined;
  if (!chord || chord.key !== undefined) {
    return { ok: false, error: `"${text}" is not a set of modifier keys to hold; use e.g. "ctrl", "shift", "alt", "super" or "ctrl+shift".` };
  }
  return { ok: true, value: chord.modifiers };
}
