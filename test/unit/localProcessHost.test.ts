// Processes run without a sandbox (LocalProcessHost) end with Loupe however Loupe ends: a real Node
// process starts them, then dies of a signal it has no handler for, so no exit handler of its runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { processesRunning } from '../support/attacker';

const execFileAsync = promisify(execFile);
const REPO_ROOT = resolve(import.meta.dirname, '../..');

describe('LocalProcessHost when Loupe dies', function () {
  this.timeout(60_000);

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`leaves no command running after Loupe is ended by ${signal}`, async () => {
      const folder = await mkdtemp(join(tmpdir(), 'loupe-local-'));
      const marker = `${Math.floor(Math.random() * 1e6) + 1e6}`;
      try {
        const script = join(folder, 'dies.mts');
        const module = join(REPO_ROOT, 'src', 'agent', 'processes', 'localProcessHost.ts');
        await writeFile(
          script,
          `import { LocalProcessHost } from ${JSON.stringify(module)};\n` +
            `const host = new LocalProcessHost();\n` +
            `const shell = host.start({ file: 'bash', args: ['-c', 'sleep 7${marker} & sleep 8${marker}; true'], cwd: ${JSON.stringify(folder)}, env: { PATH: process.env.PATH ?? '' } });\n` +
            `shell.stdout.resume(); shell.stderr.resume();\n` +
            // Killed only once both sleeps run, so the test sees them die, not fail to start.
            `const { processesRunning } = await import(${JSON.stringify(join(REPO_ROOT, 'test', 'support', 'attacker.ts'))});\n` +
            `for (let i = 0; i < 400 && (await processesRunning('${marker}')).length < 2; i++) await new Promise((r) => setTimeout(r, 25));\n` +
            `process.kill(process.pid, ${JSON.stringify(signal)});\n` +
            `setTimeout(() => undefined, 60_000);\n`,
        );
        const failed = await execFileAsync(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT }).then(() => undefined, (error: { signal?: string }) => error);
        assert.equal(failed?.signal, signal);
        for (let i = 0; i < 600 && (await processesRunning(marker)).length > 0; i++) await new Promise((done) => setTimeout(done, 25));
        assert.deepEqual(await processesRunning(marker), [], 'a command outlived Loupe');
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });
  }
});
