// Which of a file's problems an edit introduced, and how the edit's result names them to the model.
// Pure: the host collects the problems (ports.ts, Diagnostics), the editor tool asks this what is new.
import type { FileProblem } from '../ports';

/**
 * Problems named after one edit. An edit that breaks a file's syntax can bring dozens of follow-on
 * errors; the first few say what went wrong, and more would crowd out the edit's own result.
 */
export const MAX_NAMED_PROBLEMS = 10;
/** Characters of one message: TypeScript's type mismatches can run to pages; the head says which types. */
export const MAX_PROBLEM_MESSAGE_CHARS = 300;

/**
 * The problems in `after` that were not in `before`. A problem is the same when its severity,
 * source, code and message are: its line is left out, since an edit above it moves it, and an old
 * error that moved is not new. Counted as a multiset, so a second copy of an old error (the same
 * mistake made again elsewhere) is new. In `after`'s order, which is by line once sorted.
 */
export function newProblems(before: readonly FileProblem[], after: readonly FileProblem[]): FileProblem[] {
  const unmatched = new Map<string, number>();
  for (const problem of before) unmatched.set(identity(problem), (unmatched.get(identity(problem)) ?? 0) + 1);
  const added: FileProblem[] = [];
  for (const problem of [...after].sort((a, b) => a.line - b.line)) {
    const left = unmatched.get(identity(problem)) ?? 0;
    if (left > 0) unmatched.set(identity(problem), left - 1);
    else added.push(problem);
  }
  return added;
}

/** The section appended to an edit's result; empty when the edit added no problem. */
export function describeNewProblems(relativePath: string, problems: readonly FileProblem[]): string {
  if (problems.length === 0) return '';
  const shown = problems.slice(0, MAX_NAMED_PROBLEMS);
  const count = problems.length > shown.length ? ` (${problems.length} in all; the first ${shown.length} by line)` : '';
  return [`New problems in ${relativePath} after this edit, as the editor reports them${count}:`, ...shown.map(describeProblem)].join('\n');
}

function describeProblem(problem: FileProblem): string {
  const origin = [problem.source, problem.code].filter((part) => part !== undefined && part !== '').join(' ');
  const message = oneLine(problem.message);
  const cut = message.length > MAX_PROBLEM_MESSAGE_CHARS ? `${message.slice(0, MAX_PROBLEM_MESSAGE_CHARS)}...` : message;
  return `- line ${problem.line}: ${problem.severity}${origin ? ` (${origin})` : ''}: ${cut}`;
}

/** Multi-line messages (TypeScript's chains of "Type X is not assignable...") as one line each. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function identity(problem: FileProblem): string {
  return JSON.stringify([problem.severity, problem.source ?? '', problem.code ?? '', problem.message]);
}
