// The files the panel's `@` completion offers: vscode.workspace.findFiles in the task's folder, under
// the user's excludes, best matches first. One search at a time: a new query cancels the one before,
// so fast typing never queues searches (the page also waits for a pause in typing before it asks).
import * as vscode from 'vscode';
import { excludeGlob, gitignoreGlobs, includeGlobs, rankMatches, settingGlobs } from './mentionMatching';

/** Files asked of findFiles per include glob: enough to rank from, small enough to be quick in a large repository. */
const MAX_SEARCHED_FILES = 500;
/** Files the completion list shows; more is a list nobody reads, and a longer query narrows it. */
export const MAX_MENTION_CHOICES = 50;
/** Folders and files no one means to attach even where no setting or .gitignore says so. */
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

export class MentionSearch implements vscode.Disposable {
  private _current: vscode.CancellationTokenSource | undefined;

  /** The matching paths relative to `folder`, or undefined when a newer search replaced this one. */
  async find(folder: vscode.WorkspaceFolder, query: string): Promise<string[] | undefined> {
    this._current?.cancel();
    this._current?.dispose();
    const source = new vscode.CancellationTokenSource();
    this._current = source;
    try {
      const exclude = await excludesOf(folder);
      if (source.token.isCancellationRequested) return undefined;
      const found = await Promise.all(includeGlobs(query).map((glob) => vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), exclude, MAX_SEARCHED_FILES, source.token))).catch((error: unknown) => {
        // A cancelled search may end in an error instead of a short list: either way a newer one has it.
        if (source.token.isCancellationRequested) return undefined;
        throw error;
      });
      if (!found || source.token.isCancellationRequested) return undefined;
      const paths = found.flat().map((uri) => relativeTo(folder.uri, uri)).filter((path): path is string => path !== undefined);
      return rankMatches(paths, query, MAX_MENTION_CHOICES);
    } finally {
      if (this._current === source) this._current = undefined;
      source.dispose();
    }
  }

  dispose(): void {
    this._current?.cancel();
    this._current?.dispose();
  }
}

/**
 * files.exclude (which findFiles applies only when given no exclude of its own), search.exclude and
 * the folder's own .gitignore, as one glob. Nested .gitignore files are not read.
 */
async function excludesOf(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const files = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude');
  const search = vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude');
  const gitignore = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.gitignore')).then(
    (bytes) => new TextDecoder().decode(bytes),
    () => '',
  );
  // A string exclude is matched against paths relative to the folder, as these globs are written.
  return excludeGlob([...ALWAYS_EXCLUDED, ...settingGlobs(files, search), ...gitignoreGlobs(gitignore)]);
}

/** `uri`'s path inside `folder` with forward slashes, or undefined if it is not inside. */
function relativeTo(folder: vscode.Uri, uri: vscode.Uri): string | undefined {
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}
