// Distils a failed test run's output to what the model needs: the failing tests with their
// messages and the runner's summary, recognised from each runner's own output format.
import { capOutput } from './capOutput';

/**
 * Below this, the whole output goes back as is: about 1,000 tokens, where reading a summary
 * instead would save little and could hide context the model wants.
 */
export const MIN_DISTILL_CHARS = 4_000;

/** The failures section is itself capped (head and tail), so 500 failing tests cannot flood the context. */
export const MAX_FAILURES_CHARS = 12_000;

export interface DistilledTestOutput {
  /** The runner whose format was recognised, e.g. `mocha`, `pytest`. */
  runner: string;
  /** The failing tests and their messages, in the runner's own words. */
  failures: string;
  /** The runner's count lines (e.g. `30 passing`, `2 failing`). */
  summary: string[];
}

interface RunnerFormat {
  runner: string;
  distil(lines: string[]): Omit<DistilledTestOutput, 'runner'> | undefined;
}

/**
 * Returns the failures and summary when `output` is long and holds a recognised runner's report
 * of failing tests; undefined otherwise (the caller then sends the output unchanged).
 */
export function distillTestOutput(output: string): DistilledTestOutput | undefined {
  if (output.length <= MIN_DISTILL_CHARS) return undefined;
  const lines = stripAnsi(output).split('\n');
  for (const format of FORMATS) {
    const found = format.distil(lines);
    if (found && found.failures.trim() !== '') {
      return { runner: format.runner, failures: capOutput(trimBlankEdges(found.failures), MAX_FAILURES_CHARS), summary: found.summary };
    }
  }
  return undefined;
}

/** What goes back to the model; `fullOutputHint` tells it how to read everything. */
export function formatDistilledOutput(distilled: DistilledTestOutput, totals: { lines: number; chars: number }, fullOutputHint: string): string {
  return [
    `Tests failed (${distilled.runner}). Shown: the failing tests with their messages, then the summary; ` +
      `the rest of the ${totals.lines.toLocaleString('en-US')} lines (${totals.chars.toLocaleString('en-US')} characters), mostly passing tests, is left out.`,
    fullOutputHint,
    '',
    distilled.failures,
    '',
    ...distilled.summary,
  ].join('\n');
}

// Order matters only where formats could overlap: each check needs its runner's own summary line.
const FORMATS: RunnerFormat[] = [
  { runner: 'mocha', distil: mocha },
  { runner: 'node:test', distil: nodeTestSpec },
  { runner: 'node:test (TAP)', distil: nodeTestTap },
  { runner: 'vitest', distil: vitest },
  { runner: 'jest', distil: jest },
  { runner: 'pytest', distil: pytest },
  { runner: 'cargo test', distil: cargoTest },
  { runner: 'go test', distil: goTest },
];

/** mocha's spec reporter: `N passing (Xms)`, `N failing`, then numbered failures to the end. */
function mocha(lines: string[]) {
  const failingAt = lines.findIndex((line) => /^\s*[1-9]\d* failing\s*$/.test(line));
  if (failingAt < 0 || !lines.some((line) => /^\s*\d+ passing \(\d/.test(line))) return undefined;
  const summary = lines.filter((line) => /^\s*\d+ (passing \(|failing\s*$|pending\s*$)/.test(line)).map((line) => line.trim());
  return { failures: lines.slice(failingAt + 1).join('\n'), summary };
}

/** node:test's spec reporter (the default since Node 23): `ℹ fail N`, then `✖ failing tests:` to the end. */
function nodeTestSpec(lines: string[]) {
  const failCount = lines.find((line) => /^ℹ fail [1-9]/.test(line));
  const failuresAt = lines.findIndex((line) => /^✖ failing tests:/.test(line));
  if (!failCount || failuresAt < 0) return undefined;
  const summary = lines.filter((line) => /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo) \d+/.test(line));
  return { failures: lines.slice(failuresAt + 1).join('\n'), summary };
}

/** node:test's TAP reporter: `not ok N - name` with an indented YAML block, and `# fail N`. */
function nodeTestTap(lines: string[]) {
  if (!lines.some((line) => /^# fail [1-9]/.test(line))) return undefined;
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = /^(\s*)not ok \d+/.exec(lines[index] ?? '');
    if (!match) continue;
    const indent = match[1]?.length ?? 0;
    kept.push(lines[index] ?? '');
    // The YAML block runs from `---` to `...`, both indented two more than the `not ok` line.
    const end = ' '.repeat(indent + 2) + '...';
    while (index + 1 < lines.length && (lines[index + 1] ?? '').startsWith(' '.repeat(indent + 1))) {
      index += 1;
      kept.push(lines[index] ?? '');
      if (lines[index] === end) break;
    }
  }
  const summary = lines.filter((line) => /^# (tests|suites|pass|fail|cancelled|skipped|todo) \d+/.test(line));
  return { failures: kept.join('\n'), summary };
}

/** vitest: `Tests  N failed | M passed`, failures between `⎯ Failed Tests N ⎯` and `Test Files`. */
function vitest(lines: string[]) {
  if (!lines.some((line) => /^\s*Tests\s+[1-9]\d* failed/.test(line))) return undefined;
  const start = lines.findIndex((line) => /⎯+ Failed (Tests|Suites) \d+ ⎯+/.test(line));
  const summaryAt = lines.findIndex((line, index) => index > start && /^\s*Test Files\s/.test(line));
  if (start < 0) return undefined;
  const summary = lines.filter((line) => /^\s*(Test Files|Tests|Errors)\s+\d/.test(line)).map((line) => line.trim());
  return { failures: lines.slice(start, summaryAt < 0 ? undefined : summaryAt).join('\n'), summary };
}

/** jest: `Tests: N failed, M passed`, and `● Suite › test` blocks under each `FAIL file`. */
function jest(lines: string[]) {
  if (!lines.some((line) => /^Tests:\s+[1-9]\d* failed/.test(line))) return undefined;
  // With several test files jest repeats every failure at the end; read them only once.
  const recap = lines.findIndex((line) => /^Summary of all failing tests/.test(line));
  const from = recap < 0 ? 0 : recap + 1;
  const kept: string[] = [];
  let inBlock = false;
  for (const line of lines.slice(from)) {
    if (/^(Test Suites|Tests|Snapshots|Time|Ran all test suites):?/.test(line)) {
      inBlock = false;
      continue;
    }
    if (/^(PASS|FAIL) /.test(line)) {
      inBlock = false;
      if (line.startsWith('FAIL ')) kept.push(line);
      continue;
    }
    if (/^\s*● /.test(line)) inBlock = true;
    if (inBlock) kept.push(line);
  }
  const summary = lines.filter((line) => /^(Test Suites|Tests|Snapshots):/.test(line));
  return { failures: kept.join('\n'), summary };
}

/** pytest: `=== FAILURES ===` (or ERRORS) through `short test summary info` to `=== N failed, M passed ===`. */
function pytest(lines: string[]) {
  const start = lines.findIndex((line) => /^=+ (FAILURES|ERRORS) =+$/.test(line));
  const finalAt = findLastIndex(lines, (line) => /^=+ .*\d+ (failed|errors?)\b.* =+$/.test(line));
  if (start < 0 || finalAt < 0) return undefined;
  return { failures: lines.slice(start, finalAt).join('\n'), summary: [lines[finalAt] ?? ''] };
}

/** cargo test: per test binary, `failures:` … `test result: FAILED. N passed; M failed`. */
function cargoTest(lines: string[]) {
  if (!lines.some((line) => /^test result: FAILED\./.test(line))) return undefined;
  const kept: string[] = [];
  let running = '';
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^\s*Running /.test(line)) running = line.trim();
    if (line !== 'failures:') continue;
    if (running) kept.push(running);
    // The section holds each failure's output, then a second `failures:` list of names.
    while (index < lines.length && !/^test result: /.test(lines[index] ?? '')) kept.push(lines[index++] ?? '');
    kept.push('');
  }
  const summary = lines.filter((line) => /^test result: FAILED\./.test(line) || /^error: test failed/.test(line) || /^error: \d+ targets? failed/.test(line));
  return { failures: kept.join('\n'), summary };
}

/**
 * go test: `--- FAIL: TestName` with indented messages, `FAIL\tpkg`. With -v each test's log
 * follows its `=== RUN` line: it is kept only when that test then fails.
 */
function goTest(lines: string[]) {
  if (!lines.some((line) => /^\s*--- FAIL: /.test(line)) || !lines.some((line) => /^FAIL(\s|$)/.test(line))) return undefined;
  const kept: string[] = [];
  const logs = new Map<string, string[]>();
  let current: string | undefined;
  let keepIndented = false;
  for (const line of lines) {
    const run = /^=== (RUN|CONT|PAUSE|NAME)\s+(\S+)/.exec(line);
    if (run) {
      current = run[2];
      keepIndented = false;
      if (!logs.has(current ?? '')) logs.set(current ?? '', []);
      continue;
    }
    const result = /^(\s*)--- (FAIL|PASS|SKIP): (\S+)/.exec(line);
    if (result) {
      current = undefined;
      keepIndented = result[2] === 'FAIL';
      if (keepIndented) kept.push(...(logs.get(result[3] ?? '') ?? []), line);
      logs.delete(result[3] ?? '');
      continue;
    }
    // Passing packages, and the FAIL lines the summary repeats.
    if (/^(ok|PASS|\?|FAIL)\s/.test(line) || line === 'PASS' || line === 'FAIL') {
      keepIndented = false;
      continue;
    }
    if (current !== undefined) {
      logs.get(current)?.push(line);
      continue;
    }
    if (keepIndented && /^\s/.test(line)) {
      kept.push(line);
      continue;
    }
    keepIndented = false;
    // Anything else (a panic, a build error) belongs to the failure report.
    if (line.trim() !== '') kept.push(line);
  }
  const failed = lines.filter((line) => /^\s*--- FAIL: /.test(line)).length;
  const summary = [`${failed} failing test${failed === 1 ? '' : 's'} (--- FAIL lines)`, ...lines.filter((line) => /^(FAIL|ok)\s+\S+/.test(line))];
  return { failures: kept.join('\n'), summary };
}

function findLastIndex(lines: string[], test: (line: string) => boolean): number {
  for (let index = lines.length - 1; index >= 0; index--) if (test(lines[index] ?? '')) return index;
  return -1;
}

function trimBlankEdges(text: string): string {
  return text.replace(/^\s*\n/, '').replace(/\s+$/, '');
}

/** Colour and cursor codes, which runners print when they think a terminal is watching. */
function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
