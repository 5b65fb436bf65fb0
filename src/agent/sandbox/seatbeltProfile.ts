// The macOS sandbox's profile (Seatbelt, run by /usr/bin/sandbox-exec) for a task: the same shape as
// the Linux sandbox, in SBPL. Rules are matched last-wins, so the profile allows by default, then denies
// whole classes (writes, network), then allows back the workspace, temp and loopback, and ends with the
// denials nothing may override (protected paths, credential stores). Untested on a real Mac: the sandbox
// runs this very profile once at start and falls back to asking before every command if it fails.

export interface SeatbeltLayout {
  /** Real paths (macOS puts /tmp and /var under /private; Seatbelt matches real paths). */
  workspace: string;
  scratch: string;
  writable: readonly string[];
  /** Workspace-relative protected paths: exact names, and `.env.*`-style globs turned into regexes. */
  protectedPaths: readonly string[];
  /** Absolute credential-store paths, hidden from reads and writes. */
  hidden: readonly string[];
}

/** A string literal in SBPL (Scheme): backslashes and quotes escaped. */
function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A protected workspace path as an SBPL filter: the path itself and, for a folder, all inside it. */
function protectedFilter(workspace: string, pattern: string): string {
  if (/[*?[{]/.test(pattern)) {
    // Only `*` is used by the built-in list (`.env.*`); it stays within one name.
    const body = pattern.split('*').map(escapeRegex).join('[^/]*');
    return `(regex #${quoted(`^${escapeRegex(workspace)}/${body}(/.*)?$`)})`;
  }
  return `(subpath ${quoted(`${workspace}/${pattern}`)})`;
}

export function seatbeltProfile(layout: SeatbeltLayout): string {
  const writable = [layout.workspace, layout.scratch, ...layout.writable].map((path) => `(subpath ${quoted(path)})`);
  const lines = [
    '(version 1)',
    '(allow default)',
    // Writes: nowhere, then the workspace, the task's temp folder, the user's extra folders and the devices
    // programs write to as a matter of course.
    '(deny file-write*)',
    `(allow file-write* ${writable.join(' ')} (literal "/dev/null") (literal "/dev/zero") (literal "/dev/dtracehelper") (regex #"^/dev/tty") (regex #"^/dev/fd/"))`,
    // Network: nothing, then the loopback only (the app under test, and Loupe's proxy, the one way out).
    // No DNS either: the proxy resolves names on Loupe's side.
    '(deny network*)',
    '(allow network* (remote ip "localhost:*") (local ip "localhost:*"))',
    // Last, so nothing above overrides them: protected paths stay read-only, credential stores unseen.
    ...(layout.protectedPaths.length ? [`(deny file-write* ${layout.protectedPaths.map((pattern) => protectedFilter(layout.workspace, pattern)).join(' ')})`] : []),
    ...(layout.hidden.length ? [`(deny file-read* file-write* ${layout.hidden.map((path) => `(subpath ${quoted(path)})`).join(' ')})`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
