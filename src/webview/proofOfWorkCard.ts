// The card the panel shows when a task ends: files changed with their diffs, commands and tests run
// with their results, and the first and last screenshot. Text is only ever set as textContent.
import { describeExit } from '../shared/toolReport';
import { element } from './dom';
import { icon } from './elements';
import type { ChangedFile, CommandRun, ProofOfWork, Screenshot } from './proofOfWork';

export function proofOfWorkCard(proof: ProofOfWork): HTMLElement {
  const card = element('section', 'proof');
  const title = element('h3', 'proof-title');
  title.append(icon('checklist'), document.createTextNode(' Proof of work'));
  card.append(title);
  const tests = proof.commands.filter((run) => run.isTest);
  const others = proof.commands.filter((run) => !run.isTest);
  card.append(section(`Files changed (${proof.files.length})`, 'proof-files', proof.files.map(fileRow), 'No file was changed.'));
  if (tests.length > 0) card.append(section(`Tests (${tests.length})`, 'proof-tests', tests.map(commandRow)));
  card.append(section(`Commands (${others.length})`, 'proof-commands', others.map(commandRow), tests.length > 0 ? 'No other command was run.' : 'No command was run.'));
  if (proof.screenshots) card.append(screenshots(proof.screenshots.before, proof.screenshots.after));
  return card;
}

function section(heading: string, className: string, rows: HTMLElement[], empty?: string): HTMLElement {
  const box = element('div', `proof-section ${className}`);
  box.append(element('h4', undefined, heading));
  if (rows.length === 0 && empty) box.append(element('p', 'proof-empty', empty));
  else box.append(...rows);
  return box;
}

/**
 * One file: its path and +/- counts, the written hunks folded inside. A native <details>, not
 * vscode-collapsible: that component draws its heading as an upper-case section title, which would
 * misspell a path.
 */
function fileRow(file: ChangedFile): HTMLElement {
  const row = element('details', 'proof-file');
  const summary = element('summary', 'proof-file-head');
  summary.append(icon('diff'), element('code', 'proof-path', file.path));
  if (file.created) summary.append(element('span', 'proof-new', 'new'));
  const counts = element('span', 'proof-counts');
  counts.append(element('span', 'add', `+${file.added}`), element('span', 'del', `−${file.removed}`));
  summary.append(counts);
  const diff = element('pre', 'hunk-lines');
  for (const hunk of file.hunks) {
    diff.append(element('span', 'hunk-header', hunk.header));
    for (const line of hunk.lines) diff.append(element('span', line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx', line));
  }
  row.append(summary, diff);
  return row;
}

function commandRow(run: CommandRun): HTMLElement {
  const row = element('div', 'proof-command');
  row.dataset.state = run.succeeded === undefined ? 'unknown' : run.succeeded ? 'ok' : 'error';
  row.append(icon(run.succeeded === undefined ? 'circle-outline' : run.succeeded ? 'pass' : 'error'), element('code', 'proof-command-text', run.command));
  const outcome = describeExit(run.exitCode) ?? (run.succeeded === false ? 'failed' : run.succeeded ? 'started' : 'no result');
  row.append(element('span', 'proof-exit', outcome));
  if (run.result) row.title = run.result;
  return row;
}

function screenshots(before: Screenshot, after: Screenshot | undefined): HTMLElement {
  const box = element('div', 'proof-section proof-screens');
  box.append(element('h4', undefined, after ? 'Before and after' : 'Screenshot'));
  const row = element('div', 'proof-shots');
  for (const [label, shot] of after ? ([['Before', before], ['After', after]] as const) : ([['Only screenshot', before]] as const)) {
    const figure = element('figure', 'proof-shot');
    const image = element('img');
    image.alt = `${label}: screenshot ${shot.width}×${shot.height}`;
    image.src = `data:${shot.mediaType};base64,${shot.dataBase64}`;
    figure.append(image, element('figcaption', undefined, label));
    row.append(figure);
  }
  box.append(row);
  return box;
}
