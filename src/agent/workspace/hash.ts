// Content hashes that tell whether a file changed since the agent read it.
import { createHash } from 'node:crypto';

/**
 * The texts hashed last: an edit hashes the same text more than once (the file as read, then as read
 * again just before the write), and a 30 MB text takes ~60 ms to hash but a moment to compare.
 */
const recent = new Map<string, string>();
const REMEMBERED = 2;

export function hashText(text: string): string {
  const known = recent.get(text);
  if (known !== undefined) return known;
  const hash = createHash('sha256').update(text, 'utf8').digest('hex');
  recent.set(text, hash);
  if (recent.size > REMEMBERED) recent.delete(recent.keys().next().value as string);
  return hash;
}
