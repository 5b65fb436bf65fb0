// What counts as an `@path` mention in the panel's box: one rule for the page (which completes the
// mention the caret is in) and the host (which attaches the files the sent text mentions).
// An `@` starts a mention at the start of the text or after a space or an opening bracket or quote,
// so an e-mail address (`me@example.com`) is not one; the path runs to the next whitespace.

export interface Mention {
  /** The path as written after the `@`, without punctuation that ends the sentence. */
  path: string;
  /** Where the `@` is in the text. */
  start: number;
  /** Just past the path. */
  end: number;
}

/** Characters that may come right before a mention's `@`. */
const BEFORE_MENTION = /[\s([{"'`]/;
/** Sentence punctuation after a path is not part of it: `see @src/a.ts.` mentions `src/a.ts`. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}"'`]+$/;

export function findMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const match of text.matchAll(/@(\S+)/g)) {
    const start = match.index;
    if (start > 0 && !BEFORE_MENTION.test(text[start - 1]!)) continue;
    const path = match[1]!.replace(TRAILING_PUNCTUATION, '');
    if (path === '') continue;
    mentions.push({ path, start, end: start + 1 + path.length });
  }
  return mentions;
}

/**
 * The mention being typed where the caret is: from its `@` up to the caret, with no whitespace in
 * between. `query` is what follows the `@` (empty right after typing it).
 */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return undefined;
  const query = before.slice(at + 1);
  if (/\s/.test(query)) return undefined;
  if (at > 0 && !BEFORE_MENTION.test(text[at - 1]!)) return undefined;
  return { start: at, query };
}
