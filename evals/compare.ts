// npm run eval:compare A B: two runs side by side (A and B are --out folders or their report.json),
// per task and overall: pass@1, cost and time, with B's change from A.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalReport } from './harness/reports';

async function readReport(path: string): Promise<EvalReport> {
  const file = path.endsWith('.json') ? path : join(path, 'report.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EvalReport;
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const signed = (points: number) => `${points >= 0 ? '+' : ''}${(points * 100).toFixed(1)} pts`;
const ratio = (b: number, a: number) => (a > 0 ? `${(b / a).toFixed(2)}x` : 'n/a');

export function compareReports(a: EvalReport, b: EvalReport): string {
  const label = (report: EvalReport) => `${report.model}, ${report.trials} trial(s), ${report.attempts} attempt(s)`;
  const lines = [
    `# A: ${label(a)} · B: ${label(b)}`,
    '',
    `Overall pass@1: A ${percent(a.run.passAt1)}, B ${percent(b.run.passAt1)} (${signed(b.run.passAt1 - a.run.passAt1)}); cost B/A ${ratio(b.run.costUsd, a.run.costUsd)}; wall time B/A ${ratio(b.run.wallSeconds, a.run.wallSeconds)}.`,
    '',
    '| task | pass@1 A | pass@1 B | change | cost B/A | time B/A |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ids = [...new Set([...a.tasks.map((task) => task.task), ...b.tasks.map((task) => task.task)])].sort();
  for (const id of ids) {
    const ta = a.tasks.find((task) => task.task === id);
    const tb = b.tasks.find((task) => task.task === id);
    if (!ta || !tb) {
      lines.push(`| ${id} | ${ta ? percent(ta.passAt1) : 'not run'} | ${tb ? percent(tb.passAt1) : 'not run'} | | | |`);
      continue;
    }
    lines.push(`| ${id} | ${percent(ta.passAt1)} | ${percent(tb.passAt1)} | ${signed(tb.passAt1 - ta.passAt1)} | ${ratio(tb.costUsd.mean, ta.costUsd.mean)} | ${ratio(tb.wallSeconds.median, ta.wallSeconds.median)} |`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const [first, second, ...extra] = process.argv.slice(2);
  if (!first || !second || extra.length > 0) {
    process.stderr.write('Usage: npm run eval:compare -- A B   (each an eval --out folder or its report.json)\n');
    return 2;
  }
  try {
    process.stdout.write(compareReports(await readReport(first), await readReport(second)));
    return 0;
  } catch (error) {
    process.stderr.write(`eval:compare: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
