// What the model and the person are told when the sandbox stood in a process's way, in the bash and
// background tools alike, and in the CLI's and VS Code's notices.
import type { ProtectedUndo } from '../ports';

export function blockedHostsNote(blocked: readonly string[]): string {
  return `Loupe's sandbox blocked network access to ${blocked.join(', ')}: only the sandbox's own localhost and the allowed domains are reachable; another host needs the user's yes, and this machine's services and private networks (an address in brackets) are never reachable.`;
}

/** Whether the undo has anything to say. */
export function hasProtectedUndo(undo: ProtectedUndo | undefined): undo is ProtectedUndo {
  return undo !== undefined && (undo.undone.length > 0 || undo.failed.length > 0);
}

export function protectedUndoNote(undo: ProtectedUndo): string {
  const notes: string[] = [];
  if (undo.undone.length > 0) {
    notes.push(`Loupe's sandbox undid writes by sandboxed processes to ${undo.undone.map(({ path }) => path).join(', ')} (${keptList(undo)}): commands and background programs may not write files that run code later or hold secrets (git metadata, .vscode, .npmrc, .env…). Propose such a change with the editor, so the user can review it.`);
  }
  if (undo.failed.length > 0) notes.push(`Loupe's sandbox could NOT undo writes to ${failedList(undo)}; the user is told to check them.`);
  return notes.join('\n');
}

/** For the person, as it happens: a protected-path write undone (or not) outside any command's result. */
export function protectedUndoNotice(undo: ProtectedUndo): string {
  const parts: string[] = [];
  if (undo.undone.length > 0) parts.push(`the sandbox moved aside ${undo.undone.map(({ path }) => path).join(', ')}, written while the task ran (protected paths change only through a reviewed edit; ${keptList(undo)}).`);
  if (undo.failed.length > 0) parts.push(`The sandbox could NOT undo writes to ${failedList(undo)}: check them before you open this folder in an editor or run git or npm in it.`);
  return parts.join(' ');
}

function keptList(undo: ProtectedUndo): string {
  const kept = undo.undone.filter((item) => item.keptAt);
  return kept.length > 0 ? `what was there is kept: ${kept.map(({ path, keptAt }) => `${path} → ${keptAt}`).join(', ')}` : 'nothing else was touched';
}

function failedList(undo: ProtectedUndo): string {
  return undo.failed.map(({ path, why }) => `${path} (${why})`).join(', ');
}
