// A pattern the model writes to wait for in a program's output (`wait_for`). It runs on the loop that
// drives the whole task, against output anyone can shape, so it is matched by RE2 (re2js): time linear
// in the text whatever the pattern, where a backtracking engine takes seconds or years on `^(a+)+$`.
import { RE2JS } from 're2js';
import { errorText } from '../../shared/errorText';

export interface OutputPattern {
  readonly source: string;
  test(text: string): boolean;
}

export function compileOutputPattern(source: string): { ok: true; pattern: OutputPattern } | { ok: false; error: string } {
  try {
    const compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return { ok: true, pattern: { source, test: (text) => compiled.matcher(text).find() } };
  } catch (error) {
    const detail = errorText(error);
    return { ok: false, error: `wait_for is not a regular expression Loupe can match (RE2 syntax: no backreferences or lookaround): ${detail}` };
  }
}
