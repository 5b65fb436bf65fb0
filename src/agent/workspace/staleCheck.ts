// The check every Workspace makes before a write: the file must still hold the text the agent read
// (or still not exist), or nothing is written.
import { StaleFileError } from '../ports';
import { hashText } from './hash';

export function assertUnchangedSinceRead(absolutePath: string, current: string | undefined, expectedHash: string | null): void {
  if (expectedHash === null && current !== undefined) {
    throw new StaleFileError(absolutePath, `${absolutePath} was created by someone else since the agent looked for it; nothing was written.`);
  }
  if (expectedHash !== null && (current === undefined || hashText(current) !== expectedHash)) {
    throw new StaleFileError(absolutePath, `${absolutePath} changed on disk or in an editor since the agent read it; nothing was written.`);
  }
}
