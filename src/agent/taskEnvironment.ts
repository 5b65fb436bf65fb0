// What one task runs inside, set up and torn down as one object (DESIGN.md, "One task, one
// environment"): the computer-use display, if any, and the sandbox (or local processes) every command
// runs in, with the policy changes that follow from them. The CLI and the VS Code host only choose options.
import type { ComputerEnvironment } from './computerSetup';
import type { PolicySettings } from './policy';
import type { ProcessHost } from './ports';
import { startTaskProcesses, type SandboxStatus, type TaskSandboxOptions } from './sandbox/taskSandbox';

export interface TaskEnvironment {
  computer: ComputerEnvironment | undefined;
  processes: ProcessHost;
  sandbox: SandboxStatus;
  /** The user's policy, with what this environment implies: without a sandbox, each command asks. */
  policy(settings: PolicySettings): PolicySettings;
  /** The sandbox and everything in it, then the display and everything on it. Safe to call twice. */
  dispose(): Promise<void>;
}

export interface TaskEnvironmentOptions extends Omit<TaskSandboxOptions, 'display'> {
  /** A computer-use environment already started for the task; the task environment owns it from here. */
  computer?: ComputerEnvironment;
}

export async function openTaskEnvironment(options: TaskEnvironmentOptions): Promise<TaskEnvironment> {
  const { computer, ...sandboxOptions } = options;
  let started;
  try {
    // Programs in the sandbox open on the virtual display, so its socket must be visible there.
    started = await startTaskProcesses({ ...sandboxOptions, ...(computer?.mode === 'virtual' ? { display: computer.display } : {}) });
  } catch (error) {
    await computer?.dispose();
    throw error;
  }
  const { host, status } = started;
  let disposed: Promise<void> | undefined;
  return {
    computer,
    processes: host,
    sandbox: status,
    policy: (settings) => ({
      ...settings,
      protectedPaths: [...(settings.protectedPaths ?? []), ...options.settings.protectedPaths],
      ...(status.kind === 'unavailable' ? { unconfinedReason: status.reason } : {}),
    }),
    dispose: () => {
      disposed ??= (async () => {
        await host.dispose();
        await computer?.dispose();
      })();
      return disposed;
    },
  };
}
