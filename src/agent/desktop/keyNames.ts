// Reads the key combinations the model sends (xdotool keysym syntax: `ctrl+s`, `Return`, `alt+Tab`,
// or several separated by spaces) into one canonical form that every desktop backend can map.

/** The four modifiers every platform has, under xdotool's names (`super` is Cmd on macOS, Win on Windows). */
export type Modifier = 'ctrl' | 'shift' | 'alt' | 'super';

/** One chord: modifiers held while `key` is pressed; `key` is undefined for a lone modifier (`shift`). */
export interface KeyChord {
  modifiers: Modifier[];
  /** An X keysym name (`Return`, `Prior`, `F5`, `a`, `slash`). */
  key: string | undefined;
}

const MODIFIER_ALIASES: Record<string, Modifier> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  control_l: 'ctrl',
  control_r: 'ctrl',
  shift: 'shift',
  shift_l: 'shift',
  shift_r: 'shift',
  alt: 'alt',
  alt_l: 'alt',
  alt_r: 'alt',
  option: 'alt',
  opt: 'alt',
  super: 'super',
  super_l: 'super',
  super_r: 'super',
  cmd: 'super',
  command: 'super',
  meta: 'super',
  win: 'super',
  windows: 'super',
};

/** Names models commonly use for keys, lower-cased, to the X keysym xdotool understands. */
const KEY_ALIASES: Record<string, string> = {
  enter: 'Return',
  return: 'Return',
  esc: 'Escape',
  escape: 'Escape',
  backspace: 'BackSpace',
  del: 'Delete',
  delete: 'Delete',
  tab: 'Tab',
  space: 'space',
  spacebar: 'space',
  up: 'Up',
  arrowup: 'Up',
  down: 'Down',
  arrowdown: 'Down',
  left: 'Left',
  arrowleft: 'Left',
  right: 'Right',
  arrowright: 'Right',
  pageup: 'Prior',
  page_up: 'Prior',
  pgup: 'Prior',
  prior: 'Prior',
  pagedown: 'Next',
  page_down: 'Next',
  pgdn: 'Next',
  next: 'Next',
  home: 'Home',
  end: 'End',
  insert: 'Insert',
  ins: 'Insert',
  capslock: 'Caps_Lock',
  caps_lock: 'Caps_Lock',
  printscreen: 'Print',
  print: 'Print',
  menu: 'Menu',
  plus: 'plus',
  minus: 'minus',
};

/** Printable characters whose keysym name differs from the character itself (xdotool refuses `/` or `-`). */
export const PUNCTUATION_KEYSYMS: Record<string, string> = {
  ' ': 'space',
  '!': 'exclam',
  '"': 'quotedbl',
  '#': 'numbersign',
  $: 'dollar',
  '%': 'percent',
  '&': 'ampersand',
  "'": 'apostrophe',
  '(': 'parenleft',
  ')': 'parenright',
  '*': 'asterisk',
  '+': 'plus',
  ',': 'comma',
  '-': 'minus',
  '.': 'period',
  '/': 'slash',
  ':': 'colon',
  ';': 'semicolon',
  '<': 'less',
  '=': 'equal',
  '>': 'greater',
  '?': 'question',
  '@': 'at',
  '[': 'bracketleft',
  '\\': 'backslash',
  ']': 'bracketright',
  '^': 'asciicircum',
  _: 'underscore',
  '`': 'grave',
  '{': 'braceleft',
  '|': 'bar',
  '}': 'braceright',
  '~': 'asciitilde',
};

/** The character a punctuation keysym stands for (`slash` → `/`), for backends that type characters. */
export const KEYSYM_CHARACTERS: Record<string, string> = Object.fromEntries(
  Object.entries(PUNCTUATION_KEYSYMS).map(([character, keysym]) => [keysym, character]),
);

/**
 * Parses `ctrl+shift+t`, `Return`, `ctrl+a BackSpace` (a sequence) into chords with canonical names.
 * Throws an Error that names the bad part when the combination is empty or malformed.
 */
export function parseKeyCombo(combo: string): KeyChord[] {
  const parts = combo.trim().split(/\s+/).filter((part) => part !== '');
  if (parts.length === 0) throw new Error('The key combination is empty: send a key such as `Return` or `ctrl+s`.');
  return parts.map(parseChord);
}

function parseChord(chord: string): KeyChord {
  // A trailing '+' is the plus key itself (`ctrl++`); every other '+' separates keys.
  const names = chord.endsWith('++') ? [...chord.slice(0, -2).split('+'), '+'] : chord === '+' ? ['+'] : chord.split('+');
  if (names.some((name) => name === '')) throw new Error(`The key combination \`${chord}\` has an empty part: write it like \`ctrl+shift+t\`.`);
  const modifiers: Modifier[] = [];
  let key: string | undefined;
  for (const [index, name] of names.entries()) {
    const modifier = MODIFIER_ALIASES[name.toLowerCase()];
    const isLast = index === names.length - 1;
    if (modifier) {
      if (!modifiers.includes(modifier)) modifiers.push(modifier);
      continue;
    }
    if (!isLast) throw new Error(`In \`${chord}\`, \`${name}\` is not a modifier (ctrl, shift, alt, super): only the last part may be another key.`);
    key = canonicalKey(name);
  }
  return { modifiers, key };
}

function canonicalKey(name: string): string {
  if (name.length === 1) return PUNCTUATION_KEYSYMS[name] ?? name;
  const alias = KEY_ALIASES[name.toLowerCase()];
  if (alias) return alias;
  const functionKey = /^f(\d{1,2})$/i.exec(name);
  if (functionKey) return `F${functionKey[1]}`;
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`\`${name}\` is not a key name: use X keysym names such as Return, Escape, Tab, Up, F5 or a single character.`);
  return name;
}

/** The chord back in xdotool syntax (`ctrl+shift+t`). */
export function formatXdotoolChord(chord: KeyChord): string {
  return [...chord.modifiers, ...(chord.key === undefined ? [] : [chord.key])].join('+');
}

/** The modifiers to hold during a click or scroll (`['shift']`, `['ctrl+alt']`); other keys are an error. */
export function parseModifiers(names: string[]): Modifier[] {
  const chords = names.flatMap((name) => parseKeyCombo(name));
  if (chords.some((chord) => chord.key !== undefined)) {
    throw new Error(`Only modifiers (ctrl, shift, alt, super/cmd/win) can be held during a click or scroll, got \`${names.join(', ')}\`.`);
  }
  return [...new Set(chords.flatMap((chord) => chord.modifiers))];
}
