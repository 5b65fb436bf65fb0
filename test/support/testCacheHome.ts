// The CLI keeps state under $XDG_CACHE_HOME (the cost history, the attempts' copies, the quarantine):
// CLI processes started by tests get a throwaway one, so a test run never adds to the developer's own
// ~/.cache/loupe (a scripted task's cost would skew their next cost estimate).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let home: string | undefined;

/** One folder per test process, removed when it exits. */
export function testCacheHome(): string {
  if (!home) {
    const made = mkdtempSync(join(tmpdir(), 'loupe-test-cache-'));
    home = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return home;
}
