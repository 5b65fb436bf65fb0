// Marks where outside text (the project's instruction files, a selection attached to a task) ends in
// a prompt, so that text cannot close its own block and go on as Loupe or as the user. The closing
// mark carries an id made from the text itself, which the text cannot hold (it would have to contain
// its own hash); the same text gives the same id, so a cached prompt stays the same from task to task.
import { hashText } from '../workspace/hash';

/** Hex digits of the hash in a mark: enough that no text holds them by chance. */
const FENCE_ID_DIGITS = 12;

/** Line breaks and other control characters, which a name or a reason must not bring into a prompt line. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function fenceId(...parts: string[]): string {
  return hashText(JSON.stringify(parts)).slice(0, FENCE_ID_DIGITS);
}

/**
 * A file name as one line of a prompt or a notice: a name with a line break or another control
 * character (a folder may be called anything) is quoted, so it cannot start a line of its own.
 */
export function oneLineName(path: string): string {
  return CONTROL_CHARACTERS.test(path) ? JSON.stringify(path) : path;
}
