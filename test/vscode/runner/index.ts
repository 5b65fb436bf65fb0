// The extension-host test runner: VS Code loads this file (--extensionTestsPath, or the workbench's
// `extensionTestsPath` payload in code-server) inside the extension host and awaits run(). It runs
// every bundled *.test.cjs next to it with mocha, writes the results file the launcher reads, and
// rejects when a test failed so the host's exit code says so too.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { RESULTS_FILE_ENV, summaryLine, type HostTestResult, type HostTestResults } from './hostResults';

/** Whole-suite ceiling per test: the slowest steps (opening a diff editor, a terminal) take seconds on 2 busy cores. */
const TEST_TIMEOUT_MS = 30_000;

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec' });
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.cjs')).sort();
  if (files.length === 0) throw new Error(`No *.test.cjs files in ${__dirname}: build the suite with npm run build:vscode-tests.`);
  for (const file of files) mocha.addFile(join(__dirname, file));

  const results: HostTestResult[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
    runner.on(EVENT_TEST_PASS, (test) => results.push({ titlePath: test.titlePath(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on(EVENT_TEST_PENDING, (test) => results.push({ titlePath: test.titlePath(), state: 'skipped' }));
    // Also called for a failed hook, which is reported as a failure of its own ("before all" hook …).
    runner.on(EVENT_TEST_FAIL, (test, error: Error) => results.push({ titlePath: test.titlePath(), state: 'failed', error: error.stack ?? String(error) }));
  });

  const report: HostTestResults = { vscodeVersion: vscode.version, appName: vscode.env.appName, results };
  const resultsFile = process.env[RESULTS_FILE_ENV];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(report, null, 2));
  console.log(`\n${summaryLine(results)}`);
  const failed = results.filter((result) => result.state === 'failed').length;
  if (failed > 0) throw new Error(`${failed} extension-host ${failed === 1 ? 'test' : 'tests'} failed.`);
}
