// What Loupe's sandbox adds to the agent's commands, against the same commands run without it in the
// same run (LocalProcessHost: a plain spawn on this machine, which is what Loupe did before the
// sandbox). Four shapes: a command in the persistent shell (`true`, and a small `npm test`), the same
// through the bash tool (which adds the sandbox's look after each command), a fresh process (a
// background program: `true`), and starting a task's sandbox at all.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessHost } from '../src/agent/ports';
import { LocalProcessHost } from '../src/agent/processes/localProcessHost';
import { BubblewrapSandbox } from '../src/agent/sandbox/bubblewrapSandbox';
import { ShellSession } from '../src/agent/tools/shellSession';
import { BashTool } from '../src/agent/tools/bash';
import { commandEnvironment } from '../src/agent/tools/commandEnvironment';
import { ScriptedApprover } from '../test/support/approvers';
import { createToolContext } from '../test/support/toolContext';
import { median } from './stats';

const ROUNDS = Number(process.env.LOUPE_BENCH_ROUNDS ?? 40);

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/**
 * Times `command` in a persistent shell in each host, alternating round by round, so a busy moment of
 * the machine falls on both sides alike.
 */
async function timeShellCommand(hosts: { sandboxed: ProcessHost; local: ProcessHost }, root: string, command: string, rounds: number): Promise<{ sandboxed: number[]; local: number[] }> {
  const signal = new AbortController().signal;
  const shells = { sandboxed: new ShellSession(root, {}, hosts.sandboxed), local: new ShellSession(root, {}, hosts.local) };
  const times = { sandboxed: [] as number[], local: [] as number[] };
  for (const side of ['sandboxed', 'local'] as const) await shells[side].run(command, { timeoutMs: 60_000, signal }); // Warm-up; not timed.
  for (let round = 0; round < rounds; round++) {
    for (const side of ['sandboxed', 'local'] as const) {
      const started = performance.now();
      const result = await shells[side].run(command, { timeoutMs: 60_000, signal });
      times[side].push(performance.now() - started);
      if (result.exitCode !== 0) throw new Error(`\`${command}\` failed (${side}): ${result.output}`);
    }
  }
  await Promise.all([shells.sandboxed.dispose(), shells.local.dispose()]);
  return times;
}

/**
 * The bash tool itself, as the agent calls it: the command in the shell plus what the sandbox adds
 * after each one (blocked hosts, the protected-path look and git-repository search), in `root`.
 */
async function timeBashTool(hosts: { sandboxed: ProcessHost; local: ProcessHost }, root: string, command: string, rounds: number): Promise<{ sandboxed: number[]; local: number[] }> {
  const tools = { sandboxed: new BashTool({ cwd: root, processes: hosts.sandboxed }), local: new BashTool({ cwd: root, processes: hosts.local }) };
  const context = await createToolContext(root, new ScriptedApprover(), { approveAll: true });
  const times = { sandboxed: [] as number[], local: [] as number[] };
  for (const side of ['sandboxed', 'local'] as const) await tools[side].run({ command }, context); // Warm-up; not timed.
  for (let round = 0; round < rounds; round++) {
    for (const side of ['sandboxed', 'local'] as const) {
      const started = performance.now();
      const result = await tools[side].run({ command }, context);
      times[side].push(performance.now() - started);
      if (result.isError) throw new Error(`\`${command}\` failed (${side}): ${String(result.content)}`);
    }
  }
  await Promise.all([tools.sandboxed.dispose(), tools.local.dispose()]);
  return times;
}

async function timeFreshProcess(host: ProcessHost, root: string, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const child = host.start({ file: 'true', args: [], cwd: root, env: commandEnvironment(host.env), stdin: false });
    child.stdout.resume();
    child.stderr.resume();
    const exit = await child.exited;
    times.push(performance.now() - started);
    if (exit.code !== 0) throw new Error(`true exited ${exit.code} ${exit.error ?? ''}`);
  }
  return times;
}

function row(name: string, sandboxed: number[], local: number[]): string {
  const p50 = median(sandboxed) - median(local);
  const p95 = percentile(sandboxed, 0.95) - percentile(local, 0.95);
  return `${name.padEnd(34)} sandboxed p50 ${median(sandboxed).toFixed(1)} ms, p95 ${percentile(sandboxed, 0.95).toFixed(1)} ms | without p50 ${median(local).toFixed(1)} ms, p95 ${percentile(local, 0.95).toFixed(1)} ms | added p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${(median(sandboxed) / median(local)).toFixed(2)}x)`;
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'loupe-bench-sandbox-'));
  // A small project whose `npm test` runs one node:test file.
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'bench', version: '1.0.0', scripts: { test: 'node --test' } }));
  await writeFile(join(root, 'add.test.js'), "const test = require('node:test'); const assert = require('node:assert'); test('adds', () => assert.equal(1 + 1, 2));\n");
  // A git repository with a source tree of some size (1,500 folders three levels deep, node_modules
  // aside), so the guard's look after each command walks what a real project has.
  execFileSync('git', ['init', '-q', root]);
  for (let a = 0; a < 15; a++) for (let b = 0; b < 10; b++) for (let c = 0; c < 10; c++) await mkdir(join(root, 'src', `a${a}`, `b${b}`, `c${c}`), { recursive: true });
  await mkdir(join(root, 'node_modules', 'dep'), { recursive: true });
  const local = new LocalProcessHost();
  const starts: number[] = [];
  let sandbox: BubblewrapSandbox | undefined;
  for (let round = 0; round < 10; round++) {
    const started = performance.now();
    const next = await BubblewrapSandbox.start({ workspace: root, allowedDomains: [] });
    starts.push(performance.now() - started);
    if (round < 9) await next.dispose();
    else sandbox = next;
  }
  if (!sandbox) throw new Error('no sandbox');
  console.log(`Sandbox overhead (${ROUNDS} rounds each, npm test a quarter of that; sandboxed and not alternate round by round):`);
  const hosts = { sandboxed: sandbox, local };
  const shellTrue = await timeShellCommand(hosts, root, 'true', ROUNDS);
  console.log(row('shell session: `true`', shellTrue.sandboxed, shellTrue.local));
  const npmTest = await timeShellCommand(hosts, root, 'npm test --silent >/dev/null 2>&1', Math.max(5, Math.round(ROUNDS / 4)));
  console.log(row('shell session: small `npm test`', npmTest.sandboxed, npmTest.local));
  const toolTrue = await timeBashTool(hosts, root, 'true', ROUNDS);
  console.log(row('bash tool: `true`', toolTrue.sandboxed, toolTrue.local));
  const toolNpm = await timeBashTool(hosts, root, 'npm test --silent >/dev/null 2>&1', Math.max(5, Math.round(ROUNDS / 4)));
  console.log(row('bash tool: small `npm test`', toolNpm.sandboxed, toolNpm.local));
  console.log(row('fresh process: `true`', await timeFreshProcess(sandbox, root, ROUNDS), await timeFreshProcess(local, root, ROUNDS)));
  console.log(`Starting a task's sandbox (once per task): p50 ${median(starts).toFixed(1)} ms, p95 ${percentile(starts, 0.95).toFixed(1)} ms over ${starts.length} starts`);
  await sandbox.dispose();
  await local.dispose();
  await rm(root, { recursive: true, force: true });
}

void main();
