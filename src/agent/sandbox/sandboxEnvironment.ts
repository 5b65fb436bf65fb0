// The variables every sandboxed command gets, on Linux and macOS alike: the egress proxy as the way
// out, and temp folders and caches in the task's scratch folder.
import { join } from 'node:path';

export function sandboxEnvironment(proxyPort: number, scratch: string): Record<string, string> {
  const proxy = `http://127.0.0.1:${proxyPort}`;
  return {
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    ALL_PROXY: proxy,
    // The loopback is direct: the app under test and the shell share it.
    NO_PROXY: 'localhost,127.0.0.1,::1',
    no_proxy: 'localhost,127.0.0.1,::1',
    TMPDIR: scratch,
    // Caches in the home folder are read-only here (a poisoned cache is code that runs later).
    XDG_CACHE_HOME: join(scratch, 'cache'),
    npm_config_cache: join(scratch, 'npm-cache'),
    // With a fresh cache per task, npm would ask the registry for a newer npm on every run and print a notice.
    npm_config_update_notifier: 'false',
    PIP_CACHE_DIR: join(scratch, 'pip-cache'),
    GOCACHE: join(scratch, 'go-cache'),
    GOMODCACHE: join(scratch, 'go-mod'),
  };
}
