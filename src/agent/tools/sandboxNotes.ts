// What the model is told when the sandbox stood in a process's way, in the bash and background tools alike.
import type { ProtectedUndo } from '../ports';

export function blockedHostsNote(blocked: readonly string[]): string {
  return `Loupe's sandbox blocked network access to ${blocked.join(', ')}: only the sandbox's own localhost and the allowed domains are reachable; another host needs the user's yes, and this machine's services and private networks (an address in brackets) are never reachable.`;
}

export function protectedUndoNote(undo: ProtectedUndo): string {
  return `Loupe's sandbox undid writes by sandboxed processes to ${undo.paths.join(', ')} (what was written there is in ${undo.movedTo}): commands and background programs may not write files that run code later or hold secrets (git hooks, .vscode, .npmrc, .env…). Propose such a change with the editor, so the user can review it.`;
}

/** For the person, as it happens: a protected-path write undone outside any command's result. */
export function protectedUndoNotice(undo: ProtectedUndo): string {
  return `the sandbox moved aside ${undo.paths.join(', ')}, written while the task ran (protected paths may change only through a reviewed edit); what was there is kept in ${undo.movedTo}.`;
}
