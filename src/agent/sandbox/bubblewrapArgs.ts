// The bubblewrap command line for a task's sandbox: what it sees, what it may write, and which
// namespaces it gets. Pure, so the exact mount order (later mounts cover earlier ones) is unit-tested.

export interface BubblewrapLayout {
  /** The workspace folder: writable, at its own path. */
  workspace: string;
  /** The task's writable scratch folder (TMPDIR), at its own path. */
  scratch: string;
  /** Loupe's control files (the launcher, the proxy socket): visible, read-only. */
  control: string;
  /** More writable folders the user allowed. */
  writable: readonly string[];
  /**
   * Paths under the sandbox's fresh /tmp, /var/tmp or /run that must stay visible, read-only: the Node the
   * launcher runs on and the tool folders on PATH (a project checked out under /tmp, say).
   */
  visible: readonly string[];
  /**
   * Folders inside the workspace mounted (writable) over themselves, so they cannot be renamed or replaced
   * (`mv .git .git-old && mkdir .git` would leave the read-only hooks behind with the old folder).
   */
  pinned: readonly string[];
  /** Existing paths inside the workspace mounted read-only over themselves. */
  readOnly: readonly string[];
  /** Existing folders hidden behind an empty tmpfs, and files behind /dev/null. */
  hiddenFolders: readonly string[];
  hiddenFiles: readonly string[];
  /** The X server's socket of Loupe's virtual display, when computer use is on. */
  displaySocket?: string;
  /** Where the first process starts (default: the workspace). */
  chdir?: string;
  /** The program to run as the sandbox's first process, with its arguments. */
  command: readonly string[];
  /** The launcher's own environment (each process it starts gets its own). */
  env: Readonly<Record<string, string>>;
}

export function bubblewrapArgs(layout: BubblewrapLayout): string[] {
  const args = [
    // Its own PID namespace (nothing of the task outlives it, and no other process's /proc is visible),
    // its own network namespace (only its loopback; the proxy is the way out), its own IPC.
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    // Killed when Loupe dies, however it dies; a new session, so no process can push keystrokes into a
    // terminal (TIOCSTI).
    '--die-with-parent',
    '--new-session',
    // Run as root (CI, containers), bubblewrap would keep every capability: mount, mknod and ptrace
    // would undo the read-only mounts. No process in the sandbox gets any.
    '--cap-drop', 'ALL',
    // The machine read-only, then fresh /dev, /proc and temp folders of its own.
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--tmpfs', '/dev/shm',
    '--proc', '/proc',
    // Kernel settings: as root, a write to /proc/sys/kernel/core_pattern would run a program on the host,
    // outside every namespace, with all capabilities; sysrq-trigger reboots the machine.
    '--ro-bind', '/proc/sys', '/proc/sys',
    '--ro-bind-try', '/proc/sysrq-trigger', '/proc/sysrq-trigger',
    '--tmpfs', '/tmp',
    '--tmpfs', '/var/tmp',
    // /run holds sockets that are as good as root or the user's session (docker, the user's agents and bus).
    '--tmpfs', '/run',
  ];
  for (const path of layout.visible) args.push('--ro-bind', path, path);
  for (const folder of [layout.workspace, layout.scratch, ...layout.writable]) args.push('--bind', folder, folder);
  for (const folder of layout.pinned) args.push('--bind', folder, folder);
  args.push('--ro-bind', layout.control, layout.control);
  for (const path of layout.readOnly) args.push('--ro-bind', path, path);
  for (const folder of layout.hiddenFolders) args.push('--tmpfs', folder);
  for (const file of layout.hiddenFiles) args.push('--ro-bind', '/dev/null', file);
  if (layout.displaySocket) args.push('--ro-bind', layout.displaySocket, layout.displaySocket);
  args.push('--chdir', layout.chdir ?? layout.workspace, '--clearenv');
  for (const [name, value] of Object.entries(layout.env)) args.push('--setenv', name, value);
  args.push('--', ...layout.command);
  return args;
}
