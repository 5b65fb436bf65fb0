// Content hashes that tell whether a file changed since the agent read it.
import { createHash } from 'node:crypto';

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
