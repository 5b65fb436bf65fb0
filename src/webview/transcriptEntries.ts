// Small pieces of the transcript's drawing, each on one element: a tool's result line, its live
// output's fold, and the task text that opens to its whole length on a click. Text only as textContent.
import { element } from './dom';

/** Output longer than this many lines is folded once its command succeeds; a failure's stays open to read. */
const FOLD_OUTPUT_LINES = 12;

export function foldLongOutput(block: HTMLDetailsElement, output: Text, isError: boolean): void {
  const lines = output.data.replace(/\n$/, '').split('\n').length;
  block.querySelector('summary')!.textContent = `Output (${lines} ${lines === 1 ? 'line' : 'lines'})`;
  if (!isError && lines > FOLD_OUTPUT_LINES) block.open = false;
}

/**
 * The result's first line, with the rest folded away: a command's output is already shown live, and
 * a file view would push the transcript off screen. An error is shown unfolded.
 */
export function showResult(container: HTMLElement, isError: boolean, summary: string): void {
  const [first = '', ...rest] = summary.split('\n');
  const line = `${isError ? '✗' : '✓'} ${first}`;
  if (rest.length === 0 || rest.join('').trim() === '') {
    container.textContent = line;
    return;
  }
  const details = element('details', 'tool-more');
  details.open = isError;
  details.append(element('summary', undefined, line), element('pre', 'tool-output', rest.join('\n')));
  container.replaceChildren(details);
}

/** A task cut to its first lines (see .task-text) opens to its whole text on a click, and closes on the next. */
export function showAllOnClick(text: HTMLElement): void {
  // Measured once drawn: only a task that was cut short gets the pointer and a hint.
  requestAnimationFrame(() => {
    if (text.scrollHeight <= text.clientHeight + 1) return;
    text.dataset.clamped = '';
    text.title = 'Click to show the whole task';
  });
  text.addEventListener('click', () => {
    if (text.dataset.clamped === undefined) return;
    if (text.dataset.expanded === undefined) text.dataset.expanded = '';
    else delete text.dataset.expanded;
  });
}
