// Prints the extension-host suite's results the way mocha's spec reporter would: each suite once,
// its tests under it, then the failures with their errors and the closing count line.
import { summaryLine, type HostTestResult, type HostTestResults } from '../runner/hostResults';

const MARKS = { passed: '✔', failed: '✗', skipped: '-' } as const;

export function formatResults(report: HostTestResults): string {
  const lines = [`\n  extension host: ${report.appName} ${report.vscodeVersion}`];
  let shownSuites: string[] = [];
  for (const result of report.results) {
    const suites = result.titlePath.slice(0, -1);
    const common = suites.findIndex((title, index) => shownSuites[index] !== title);
    const firstNew = common === -1 ? suites.length : common;
    suites.slice(firstNew).forEach((title, offset) => lines.push(`${'  '.repeat(firstNew + offset + 2)}${title}`));
    shownSuites = suites;
    const duration = result.durationMs !== undefined ? ` (${result.durationMs} ms)` : '';
    lines.push(`${'  '.repeat(suites.length + 2)}${MARKS[result.state]} ${result.titlePath.at(-1) ?? ''}${duration}`);
  }
  const failures = report.results.filter((result) => result.state === 'failed');
  failures.forEach((failure, index) => lines.push('', `  ${index + 1}) ${failure.titlePath.join(' › ')}:`, indent(failure.error ?? '(no error message)')));
  lines.push('', summaryLine(report.results));
  return lines.join('\n');
}

export function hasFailures(results: readonly HostTestResult[]): boolean {
  return results.some((result) => result.state === 'failed');
}

function indent(text: string): string {
  return text.split('\n').map((line) => `     ${line}`).join('\n');
}
