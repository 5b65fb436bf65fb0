// What the extension-host suite reports to whoever launched it, as JSON: VS Code only passes the
// host's exit code back, so the counts and failure messages travel in a file named by an env var.

/** Set by the launcher (code-server or @vscode/test-electron) to where the results file should go. */
export const RESULTS_FILE_ENV = 'LOUPE_VSCODE_TEST_RESULTS';

export type HostTestState = 'passed' | 'failed' | 'skipped';

export interface HostTestResult {
  /** The suite titles and the test title, outermost first. */
  titlePath: string[];
  state: HostTestState;
  durationMs?: number;
  /** For a failure (a test or a hook): the error's message and stack. */
  error?: string;
}

export interface HostTestResults {
  /** VS Code's version, so a report says which VS Code the suite ran in. */
  vscodeVersion: string;
  /** code-server, Visual Studio Code, …: vscode.env.appName. */
  appName: string;
  results: HostTestResult[];
}

export function countResults(results: readonly HostTestResult[]): Record<HostTestState, number> {
  const counts: Record<HostTestState, number> = { passed: 0, failed: 0, skipped: 0 };
  for (const result of results) counts[result.state]++;
  return counts;
}

/** The closing line every runner of this repository prints (see test/support/summaryReporter.cjs). */
export function summaryLine(results: readonly HostTestResult[]): string {
  const counts = countResults(results);
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}
