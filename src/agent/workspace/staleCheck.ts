// The check every Workspace makes before a write: the file must still hold the text the agent read
// (or still not exist), or nothing is written.
import { StaleFileError } from '../ports';

/**
 * `expected` is the text the change was made on (null: the file must not exist). Compared as text, not
 * by hash: the caller holds that text anyway, and a comparison costs a fraction of hashing a large file.
 */
export function assertUnchangedSinceRead(absolutePath: string, current: string | undefined, expected: string | null): void {
  if (expected === null && current !== undefined) {
    throw new StaleFileError(absolutePath, `${absolutePath} was created by someone else since the agent looked for it; nothing was written.`);
  }
  if (expected !== null && current !== expected) {
    throw new StaleFileError(absolutePath, `${absolutePath} changed on disk or in an editor since the agent read it; nothing was written.`);
  }
}
