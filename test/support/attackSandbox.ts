// One real sandbox for an attack test: a temp repository, a canary home, the attacker's listener, the
// sandbox with the proxy routed to it, and the real bash tool under a standing yes.
import { startTaskProcesses, type TaskProcesses } from '../../src/agent/sandbox/taskSandbox';
import type { ProtectedUndo } from '../../src/agent/ports';
import { BashTool } from '../../src/agent/tools/bash';
import { createCanaryHome, PersonWhoSaysNo, routeRemoteNamesTo, startAttackerListener, type AttackerListener, type CanaryHome } from './attacker';
import { createTempRepo, type TempRepo } from './tempRepo';
import { createToolContext } from './toolContext';

export interface AttackSandbox {
  repo: TempRepo;
  home: CanaryHome;
  listener: AttackerListener;
  processes: TaskProcesses;
  person: PersonWhoSaysNo;
  /** What the sandbox told the person on its own (undos found by its watch, and at the end). */
  notices: ProtectedUndo[];
  /** Runs a command through the real bash tool under a standing yes; its result's text. */
  run(command: string): Promise<string>;
  /** Ends the task's processes and sandbox (the last undo runs), keeping the files for inspection. */
  endTask(): Promise<void>;
  remove(): Promise<void>;
}

export async function startAttackSandbox(files: Record<string, string>, options: { git?: boolean; prepare?: (root: string) => Promise<void> } = {}): Promise<AttackSandbox> {
  const repo = await createTempRepo(files, { git: options.git ?? true });
  await options.prepare?.(repo.root);
  const home = await createCanaryHome();
  home.useAsHome();
  const listener = await startAttackerListener();
  const person = new PersonWhoSaysNo();
  const notices: ProtectedUndo[] = [];
  const processes = await startTaskProcesses({
    workspace: repo.root,
    settings: { mode: 'on', allowedDomains: [], writablePaths: [], protectedPaths: [] },
    approver: person,
    network: routeRemoteNamesTo(listener.port),
    home: home.path,
    onUndone: (undo) => notices.push(undo),
  });
  if (processes.status.kind !== 'sandboxed') throw new Error(`no sandbox: ${processes.status.summary}`);
  const bash = new BashTool({ cwd: repo.root, processes: processes.host, timeoutMs: 60_000 });
  let ended = false;
  const endTask = async (): Promise<void> => {
    if (ended) return;
    ended = true;
    await bash.dispose();
    await processes.host.dispose();
  };
  return {
    repo,
    home,
    listener,
    processes,
    person,
    notices,
    run: async (command) => {
      const result = await bash.run({ command }, await createToolContext(repo.root, person, { approveAll: true }));
      return typeof result.content === 'string' ? result.content : JSON.stringify(result.content);
    },
    endTask,
    remove: async () => {
      await endTask();
      await listener.close();
      await home.remove();
      await repo.remove();
    },
  };
}
