// The globs and the order behind the panel's `@` completion (mentionSearch.ts runs them with
// vscode.workspace.findFiles): a case-insensitive substring of the relative path, the user's
// excludes (files.exclude, search.exclude, the folder's .gitignore) as one exclude glob, and the
// best matches first. No vscode here, so it is unit-tested as is.

/**
 * Include globs for paths that contain `query` (any case): ending in a file's name, or in a folder's
 * (then everything under it). Characters globs give a meaning to match any one character instead.
 */
export function includeGlobs(query: string): string[] {
  if (query === '') return ['**/*'];
  const body = [...query].map((char) => (/[*?[\]{}!,\\]/.test(char) ? '?' : char.toLowerCase() !== char.toUpperCase() ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char)).join('');
  return [`**/*${body}*`, `**/*${body}*/**`];
}

/**
 * The patterns of a .gitignore as globs relative to its folder, for the completion to leave out what
 * git leaves out. Close to git's rules, not equal: a negation (`!keep.log`) cannot take a file back
 * out of an exclude glob, so it is skipped (the file is still attached if typed out in full).
 */
export function gitignoreGlobs(text: string): string[] {
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!') || /[{}\\]/.test(line)) continue;
    const folderOnly = line.endsWith('/');
    line = line.replace(/\/+$/, '');
    // A slash at the start or in the middle anchors the pattern at the .gitignore's folder.
    const anchored = line.includes('/');
    const glob = anchored ? line.replace(/^\/+/, '') : `**/${line}`;
    if (glob === '' || glob === '**/') continue;
    if (!folderOnly) globs.push(glob);
    globs.push(`${glob}/**`);
  }
  return globs;
}

/** The settings' exclude maps (`files.exclude`, `search.exclude`) as globs: entries set to true (a `when` clause is not evaluated here). */
export function settingGlobs(...maps: Array<Record<string, unknown> | undefined>): string[] {
  const globs: string[] = [];
  for (const map of maps) {
    for (const [glob, on] of Object.entries(map ?? {})) if (on === true) globs.push(...expandBraces(glob).flatMap((one) => [one, `${one}/**`]));
  }
  return globs;
}

/** One exclude glob for findFiles; its `{a,b}` takes no nested braces, so settings' braces are expanded first. */
export function excludeGlob(globs: readonly string[]): string | undefined {
  const unique = [...new Set(globs)];
  return unique.length === 0 ? undefined : `{${unique.join(',')}}`;
}

function expandBraces(glob: string): string[] {
  const group = /\{([^{}]*)\}/.exec(glob);
  if (!group) return [glob];
  return group[1]!.split(',').flatMap((choice) => expandBraces(glob.slice(0, group.index) + choice + glob.slice(group.index + group[0].length)));
}

/**
 * The paths that contain `query` (any case), best first: the file's name starting with it, then
 * containing it, then a folder's name starting with it, then anywhere; shallower, then shorter, paths first within each.
 */
export function rankMatches(paths: readonly string[], query: string, limit: number): string[] {
  const wanted = query.toLowerCase();
  const scored: Array<{ path: string; tier: number }> = [];
  for (const path of new Set(paths)) {
    const lower = path.toLowerCase();
    if (!lower.includes(wanted)) continue;
    const name = lower.slice(lower.lastIndexOf('/') + 1);
    const tier = wanted === '' ? 0 : name.startsWith(wanted) ? 0 : name.includes(wanted) ? 1 : `/${lower}`.includes(`/${wanted}`) ? 2 : 3;
    scored.push({ path, tier });
  }
  scored.sort((a, b) => a.tier - b.tier || depth(a.path) - depth(b.path) || a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
  return scored.slice(0, limit).map((entry) => entry.path);
}

function depth(path: string): number {
  return path.split('/').length;
}
