// Where Loupe keeps its caches outside VS Code (the CLI's attempts and cost history, the sandbox's
// quarantine): $XDG_CACHE_HOME, read as the XDG base-directory spec says, else ~/.cache.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * An empty or relative XDG_CACHE_HOME is ignored, as the spec asks: taken as given, `''` or `cache`
 * put the attempts' copies (and a run's `rm -rf` of them) in the folder Loupe was started in, the user's.
 */
export function cacheHome(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const given = env.XDG_CACHE_HOME;
  return given && isAbsolute(given) ? given : join(home, '.cache');
}
