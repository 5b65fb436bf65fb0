// What a run leaves in its --out folder: report.json (everything, for eval:compare and tools),
// summary.md (the table a person reads), and report.html (the same with charts: pass rate per task,
// the distributions of cost and time over the trials, and each trial's), self-contained so it opens from disk.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { histogramSvg } from './histogram';
import type { RunMetrics, TaskMetrics } from './metrics';
import type { TrialResult } from './runTrial';
import { escapeHtml } from './html';

export interface EvalReport {
  startedAt: string;
  model: string;
  trials: number;
  attempts: number;
  run: RunMetrics;
  tasks: TaskMetrics[];
  results: TrialResult[];
}

export async function writeReports(out: string, report: EvalReport): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(out, 'summary.md'), summaryMarkdown(report));
  await writeFile(join(out, 'report.html'), reportHtml(report));
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const dollars = (amount: number) => `$${amount.toFixed(4)}`;

export function summaryMarkdown(report: EvalReport): string {
  const { run } = report;
  const lines = [
    `# Eval: ${report.model}, ${report.trials} trial${report.trials === 1 ? '' : 's'} per task, ${report.attempts} attempt${report.attempts === 1 ? '' : 's'}`,
    '',
    `Started ${report.startedAt}. ${run.tasks} tasks: pass@1 ${percent(run.passAt1)}, pass^${report.trials} ${percent(run.passAllK)}, ${run.flakyTasks} flaky; cost ${dollars(run.costUsd)}, ${run.wallSeconds.toFixed(0)} s; tokens ${run.tokens.input} in, ${run.tokens.cacheWrite} cache write, ${run.tokens.cacheRead} cache read, ${run.tokens.output} out; ${run.toolErrors} tool errors.`,
    '',
    '| kind | tasks | pass@1 |',
    '| --- | ---: | ---: |',
    ...Object.entries(run.byKind).map(([kind, entry]) => `| ${kind} | ${entry.tasks} | ${percent(entry.passAt1)} |`),
    '',
    `| task | kind | passes | pass@1 | pass^k | flaky | steps (median) | cost (mean) | time (median) | tool errors |`,
    '| --- | --- | ---: | ---: | :---: | :---: | ---: | ---: | ---: | ---: |',
    ...report.tasks.map((task) => `| ${task.task} | ${task.kind} | ${task.passes}/${task.trials} | ${percent(task.passAt1)} | ${task.passAllK ? 'yes' : 'no'} | ${task.flaky ? 'yes' : ''} | ${task.steps.median} | ${dollars(task.costUsd.mean)} | ${task.wallSeconds.median.toFixed(1)} s | ${task.toolErrors} |`),
    '',
  ];
  const failures = report.results.filter((result) => !result.passed);
  if (failures.length > 0) {
    lines.push('## Failed trials', '');
    for (const failure of failures) lines.push(`- ${failure.task} #${failure.trial}: ${failure.error ?? `agent ${failure.outcome}, checks exit ${failure.checks.exitCode}`}: ${lastLine(failure.checks.output)}`);
    lines.push('');
  }
  return lines.join('\n');
}

function lastLine(text: string): string {
  return (text.trim().split('\n').filter(Boolean).at(-1) ?? '').slice(0, 200).replace(/\|/g, '\\|');
}


/** Horizontal bars, one per row, as inline SVG: no script, no library, opens anywhere. */
function barChart(title: string, rows: Array<{ label: string; value: number; text: string }>, max: number): string {
  const rowHeight = 22;
  const labelWidth = 260;
  const barWidth = 420;
  const height = rows.length * rowHeight + 30;
  const bars = rows
    .map((row, index) => {
      const y = 24 + index * rowHeight;
      const width = max > 0 ? Math.max(1, (row.value / max) * barWidth) : 1;
      return `<text x="0" y="${y + 14}" font-size="12">${escapeHtml(row.label)}</text><rect x="${labelWidth}" y="${y + 2}" width="${width.toFixed(1)}" height="${rowHeight - 6}" fill="#3b82f6"/><text x="${labelWidth + width + 6}" y="${y + 14}" font-size="12">${escapeHtml(row.text)}</text>`;
    })
    .join('');
  return `<figure><svg role="img" aria-label="${escapeHtml(title)}" width="${labelWidth + barWidth + 120}" height="${height}" font-family="system-ui, sans-serif"><text x="0" y="14" font-size="14" font-weight="600">${escapeHtml(title)}</text>${bars}</svg></figure>`;
}

export function reportHtml(report: EvalReport): string {
  const passRows = report.tasks.map((task) => ({ label: task.task, value: task.passAt1, text: `${task.passes}/${task.trials}` }));
  const costRows = report.results.map((result) => ({ label: `${result.task} #${result.trial}`, value: result.costUsd, text: dollars(result.costUsd) }));
  const timeRows = report.results.map((result) => ({ label: `${result.task} #${result.trial}`, value: result.wallSeconds, text: `${result.wallSeconds.toFixed(1)} s` }));
  const max = (rows: Array<{ value: number }>) => Math.max(0, ...rows.map((row) => row.value));
  const summary = summaryMarkdown(report).split('\n')[2] ?? '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loupe eval: ${escapeHtml(report.model)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style></head>
<body><h1>Loupe eval: ${escapeHtml(report.model)}</h1><p>${escapeHtml(summary)}</p>
${barChart('Pass rate per task', passRows, 1)}
${histogramSvg('Cost per trial', report.results.map((result) => result.costUsd), dollars)}
${histogramSvg('Wall time per trial', report.results.map((result) => result.wallSeconds), (seconds) => `${seconds.toFixed(1)} s`)}
<details><summary>Each trial's cost and time</summary>
${barChart('Cost per trial', costRows, max(costRows))}
${barChart('Wall time per trial', timeRows, max(timeRows))}
</details>
<table><thead><tr><th>task</th><th>kind</th><th>passes</th><th>steps</th><th>cost</th><th>time</th><th>tool errors</th></tr></thead><tbody>
${report.tasks.map((task) => `<tr><td>${escapeHtml(task.task)}</td><td>${task.kind}</td><td>${task.passes}/${task.trials}</td><td>${task.steps.median}</td><td>${dollars(task.costUsd.mean)}</td><td>${task.wallSeconds.median.toFixed(1)} s</td><td>${task.toolErrors}</td></tr>`).join('\n')}
</tbody></table></body></html>
`;
}
