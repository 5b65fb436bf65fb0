// Text from the model, files, commands or the network, made safe to print on a terminal: every
// control character and escape sequence is shown as what it is (`\x1b`, `\r`) instead of acting, so
// nothing printed can move the cursor, erase or repaint a line (a forged approval prompt), change
// the title, or flip text direction. Line breaks and tabs stay as they are.

// C0 controls except \t and \n, DEL, C1 controls, line/paragraph separators, and the bidirectional
// embeddings, overrides and isolates (a "Trojan Source" line reads differently from what runs).
const INVISIBLE_OR_ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function visibleControls(text: string): string {
  return text.replace(INVISIBLE_OR_ACTIVE, (character) => {
    const code = character.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Every string inside `value` made visible (objects and arrays copied), for an event printed on a terminal. */
export function withVisibleControls<T>(value: T): T {
  if (typeof value === 'string') return visibleControls(value) as T;
  if (Array.isArray(value)) return value.map((item) => withVisibleControls(item)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = withVisibleControls(item);
    return copy as T;
  }
  return value;
}
