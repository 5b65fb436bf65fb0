// The check an attempt must pass to stay in the running: the project's test command (given by the user,
// or found from the project's own files), run in the attempt's copy through its sandbox.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorText } from '../../shared/errorText';
import type { ProcessHost } from '../ports';
import { commandEnvironment } from '../tools/commandEnvironment';

/** A test suite gets this long; one that runs longer fails the check rather than holding up the others. */
export const CHECK_TIMEOUT_MS = 10 * 60_000;
/** The end of the check's output kept for the record (where runners print their verdict). */
const OUTPUT_TAIL_CHARS = 4_000;

export interface CheckRun {
  command: string;
  passed: boolean;
  exitCode: number | null;
  output: string;
  seconds: number;
}

/** The project's test command, from its files; undefined when none is evident (then no attempt is dropped for failing it). */
export async function detectCheckCommand(root: string): Promise<string | undefined> {
  const packageJson = await readFile(join(root, 'package.json'), 'utf8').catch(() => undefined);
  if (packageJson) {
    try {
      const test = (JSON.parse(packageJson) as { scripts?: { test?: unknown } }).scripts?.test;
      // npm init's placeholder fails on purpose; it is no test suite.
      if (typeof test === 'string' && !/no test specified/.test(test)) return 'npm test';
    } catch {
      // Not JSON: not an npm project to go by.
    }
  }
  if (existsSync(join(root, 'Cargo.toml'))) return 'cargo test --offline';
  if (existsSync(join(root, 'go.mod'))) return 'go test ./...';
  if (existsSync(join(root, 'pom.xml'))) return 'mvn -q -o test';
  if (['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini'].some((file) => existsSync(join(root, file))) || existsSync(join(root, 'tests'))) return 'python3 -m unittest discover -v';
  const makefile = await readFile(join(root, 'Makefile'), 'utf8').catch(() => '');
  if (/^test:/m.test(makefile)) return 'make test';
  return undefined;
}

export async function runCheck(command: string, folder: string, processes: ProcessHost, signal: AbortSignal, extraEnv: Record<string, string> = {}): Promise<CheckRun> {
  const started = Date.now();
  const child = processes.start({ file: 'bash', args: ['-c', command], cwd: folder, env: commandEnvironment({ ...processes.env, ...extraEnv, CI: '1' }), stdin: false });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS * 2);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () => void child.stop();
  let timedOut = false;
  signal.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, CHECK_TIMEOUT_MS);
  try {
    const exit = await child.exited;
    const seconds = (Date.now() - started) / 1000;
    const tail = output.slice(-OUTPUT_TAIL_CHARS);
    if (exit.error) return { command, passed: false, exitCode: null, output: `Could not run the check: ${exit.error}`, seconds };
    return { command, passed: exit.code === 0, exitCode: exit.code, output: timedOut ? `${tail}\n[stopped at the ${CHECK_TIMEOUT_MS / 60_000}-minute limit]` : tail, seconds };
  } catch (error) {
    return { command, passed: false, exitCode: null, output: `Could not run the check: ${errorText(error)}`, seconds: (Date.now() - started) / 1000 };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}

/** "passed", or "failed (exit 1)": how a check's result reads in a line of progress or of the record. */
export function checkVerdict(check: Pick<CheckRun, 'passed' | 'exitCode'>): string {
  return check.passed ? 'passed' : `failed (exit ${check.exitCode ?? 'none'})`;
}
