// The protected-path guard of a Linux task sandbox (protectedPathGuard.ts), wired to that sandbox: the
// undo runs in a bwrap of the sandbox's own layout, and its results are told in workspace terms.
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { ProtectedUndo } from '../ports';
import type { BubblewrapLayout } from './bubblewrapArgs';
import { identityOf, type GitMetadataLayout } from './gitMetadata';
import { ProtectedPathGuard } from './protectedPathGuard';
import type { UndoResult } from './protectedSnapshot';
import { guardedPaths } from './sandboxLayout';
import { undoInSandbox } from './undoInSandbox';
import { UNDO_SOURCE } from './undoSource';
import { cacheHome } from '../cacheHome';

export interface SandboxGuardSetup {
  workspace: string;
  /** The task's folder (its name names the task's quarantine) and its control folder (the undo program goes there). */
  folder: string;
  control: string;
  /** The task sandbox's layout, reused for the undo's sandbox. */
  layout: BubblewrapLayout;
  /** Protected names and globs, and what of them and of git's metadata is mounted read-only. */
  patterns: readonly string[];
  git: GitMetadataLayout;
  home?: string;
  onUndone?: (undo: ProtectedUndo) => void;
}

export async function startSandboxGuard(setup: SandboxGuardSetup): Promise<ProtectedPathGuard> {
  const { workspace, layout } = setup;
  const readOnlyIdentities = new Map<string, string | undefined>();
  for (const path of layout.readOnly) readOnlyIdentities.set(path, await identityOf(path));
  // What sandboxed processes write at protected paths that could not be mounted is moved here, outside
  // the task's folder, so nothing of the user's is lost if it was theirs after all.
  const quarantine = join(cacheHome(process.env, setup.home ?? homedir()), 'loupe', 'quarantine', basename(setup.folder));
  const undoProgram = join(setup.control, 'undo.cjs');
  await writeFile(undoProgram, UNDO_SOURCE);
  // The undo opens nothing on the display.
  const { displaySocket: _display, ...undoLayout } = layout;
  return ProtectedPathGuard.start({
    paths: guardedPaths(workspace, setup.patterns, layout.readOnly, setup.git),
    // Read-only in the undo's sandbox too, but only what is still the entry mounted at the start: a
    // repository made where one was moved away from is not the user's and must be movable.
    carryOut: async (plan) => undoInSandbox({ ...undoLayout, readOnly: await stillTheSame(readOnlyIdentities) }, undoProgram, quarantine, plan),
    onWatchUndo: (result) => setup.onUndone?.(relativeUndo(workspace, result)),
  });
}

/** Paths inside the workspace as the model and the user know them; others (the quarantine folder) as they are. */
export function relativeUndo(workspace: string, result: UndoResult): ProtectedUndo {
  const shown = (path: string): string => (path.startsWith(`${workspace}/`) ? relative(workspace, path) : path);
  return {
    undone: result.undone.map(({ path, keptAt }) => ({ path: shown(path), ...(keptAt ? { keptAt: shown(keptAt) } : {}) })).sort((a, b) => (a.path < b.path ? -1 : 1)),
    failed: result.failed.map(({ path, why }) => ({ path: shown(path), why })).sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}

/** The paths whose entry is still the one they held at the start. */
async function stillTheSame(identities: ReadonlyMap<string, string | undefined>): Promise<string[]> {
  const same: string[] = [];
  for (const [path, identity] of identities) if (identity !== undefined && (await identityOf(path)) === identity) same.push(path);
  return same;
}
