import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distillTestOutput, MIN_DISTILL_CHARS } from '../../src/agent/context/testOutput';
import { cargoTestOutput, goTestVerboseOutput, jestVerboseOutput, pytestVerboseOutput, vitestVerboseOutput } from '../support/testRunnerOutputs';

const MOCHA = join(import.meta.dirname, '../../node_modules/mocha/bin/mocha.js');

/** Runs a real test runner in `folder` and returns its merged output (it is expected to fail). */
function runRunner(folder: string, args: string[]): string {
  const run = spawnSync(process.execPath, args, { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  assert.notEqual(run.status, 0, `expected the run to fail:\n${run.stdout}${run.stderr}`);
  return run.stdout + run.stderr;
}

function assertKeepsBothFailures(output: string, runner: string, summaryPattern: RegExp): string {
  const distilled = distillTestOutput(output);
  assert.ok(distilled, `no failure format recognised in:\n${output.slice(-2000)}`);
  assert.equal(distilled.runner, runner);
  assert.match(distilled.failures, /total/);
  assert.match(distilled.failures, /\b3\b/);
  assert.match(distilled.failures, /quantity must be positive/);
  assert.ok(
    distilled.summary.some((line) => summaryPattern.test(line)),
    `summary ${JSON.stringify(distilled.summary)} lacks ${summaryPattern}`,
  );
  assert.ok(distilled.failures.length < output.length / 5, `failures (${distilled.failures.length} chars) should be far shorter than the output (${output.length})`);
  return distilled.failures;
}

describe('distillTestOutput', () => {
  let folder: string;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'loupe-runners-'));
    const passing = (call: string) => Array.from({ length: 200 }, (_, index) => `${call}('formats price ${index}', () => assert.equal(${index}, ${index}));`).join('\n');
    const failing = (call: string) => [
      `${call}('totals the prices', () => assert.equal(3, 4, 'total'));`,
      `${call}('rejects a negative quantity', () => { throw new TypeError('quantity must be positive'); });`,
    ].join('\n');
    await writeFile(join(folder, 'cart.spec.mjs'), `import assert from 'node:assert/strict';\ndescribe('cart', () => {\n${passing('it')}\n${failing('it')}\n});\n`);
    await writeFile(join(folder, 'cart.node.mjs'), `import test from 'node:test';\nimport assert from 'node:assert/strict';\n${passing('test')}\n${failing('test')}\n`);
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('keeps mocha’s numbered failures and its passing / failing counts (real run)', () => {
    const output = runRunner(folder, [MOCHA, '--no-config', 'cart.spec.mjs']);
    const failures = assertKeepsBothFailures(output, 'mocha', /^2 failing$/);
    assert.doesNotMatch(failures, /formats price 17/);
    assert.deepEqual(distillTestOutput(output)?.summary.slice(0, 1).map((line) => line.replace(/\(.*\)/, '')), ['200 passing ']);
  });

  it('keeps node:test’s “failing tests” section and its counts, spec reporter (real run)', () => {
    const output = runRunner(folder, ['--test', '--test-reporter=spec', 'cart.node.mjs']);
    const failures = assertKeepsBothFailures(output, 'node:test', /^ℹ fail 2$/);
    assert.doesNotMatch(failures, /formats price 17/);
  });

  it('keeps node:test’s “not ok” blocks with their errors, TAP reporter (real run)', () => {
    const output = runRunner(folder, ['--test', '--test-reporter=tap', 'cart.node.mjs']);
    const failures = assertKeepsBothFailures(output, 'node:test (TAP)', /^# fail 2$/);
    assert.equal(failures.match(/^not ok/gm)?.length, 2);
    assert.doesNotMatch(failures, /^ok /m);
  });

  it('keeps jest’s ● blocks and its Tests: line', () => {
    const failures = assertKeepsBothFailures(jestVerboseOutput(300), 'jest', /^Tests:\s+2 failed, 301 passed/);
    assert.match(failures, /● cart › totals the prices/);
    assert.match(failures, /^FAIL src\/cart\.test\.js/m);
    assert.doesNotMatch(failures, /✓/);
  });

  it('keeps vitest’s “Failed Tests” section and its Tests line', () => {
    const failures = assertKeepsBothFailures(vitestVerboseOutput(300), 'vitest', /^Tests\s+2 failed \| 301 passed/);
    assert.match(failures, /FAIL {2}src\/cart\.test\.ts > cart > totals the prices/);
    assert.doesNotMatch(failures, /✓/);
  });

  it('keeps pytest’s FAILURES and short summary sections and its final count line', () => {
    const failures = assertKeepsBothFailures(pytestVerboseOutput(300), 'pytest', /2 failed, 300 passed/);
    assert.match(failures, /short test summary info/);
    assert.doesNotMatch(failures, /PASSED/);
  });

  it('keeps go test’s failing tests with their logs and drops the passing ones’ logs', () => {
    const failures = assertKeepsBothFailures(goTestVerboseOutput(300), 'go test', /^FAIL\texample\.com\/shop\/cart/);
    assert.match(failures, /cart_test\.go:12: total = 3, want 4\n--- FAIL: TestTotal/);
    assert.doesNotMatch(failures, /formatted|--- PASS|=== RUN/);
  });

  it('keeps cargo test’s failures section and its FAILED result line', () => {
    const failures = assertKeepsBothFailures(cargoTestOutput(300), 'cargo test', /^test result: FAILED\. 300 passed; 2 failed/);
    assert.match(failures, /Running unittests src\/lib\.rs/);
    assert.doesNotMatch(failures, /\.\.\. ok/);
  });

  it('leaves short output alone, even when tests failed', () => {
    const output = jestVerboseOutput(3);
    assert.ok(output.length <= MIN_DISTILL_CHARS);
    assert.equal(distillTestOutput(output), undefined);
  });

  it('leaves long output that is no test report alone', () => {
    const build = Array.from({ length: 300 }, (_, index) => `src/file${index}.ts(3,1): error TS2304: Cannot find name 'x'. FAIL`).join('\n');
    assert.equal(distillTestOutput(build), undefined);
  });

  it('does not call a passing run a failure', () => {
    const passing = pytestVerboseOutput(300)
      .replace(/=+ FAILURES =+[\s\S]*$/, '')
      .concat('============================= 300 passed in 0.84s ==============================\n');
    assert.equal(distillTestOutput(passing), undefined);
  });

  it('caps a failures section that is itself huge, keeping its head and tail', () => {
    const many = jestVerboseOutput(10).replace('  ● cart › rejects', `${'  ● cart › noisy\n\n    Error: boom\n\n'.repeat(2_000)}  ● cart › rejects`);
    const distilled = distillTestOutput(many);
    assert.ok(distilled && distilled.failures.length <= 12_000);
    assert.match(distilled.failures, /totals the prices/);
    assert.match(distilled.failures, /quantity must be positive/);
    assert.match(distilled.failures, /left out of the middle/);
  });
});
