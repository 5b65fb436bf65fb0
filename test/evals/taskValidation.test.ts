// Every eval task can tell a right answer from a wrong one: its hidden checks fail on the untouched
// fixture and on the task's plausible wrong fix, and pass with its reference solution. Two-sided, so a
// check that cannot fail is caught here, with no key and no model.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { applyOverlay, freshCopy, runChecks } from '../../evals/harness/taskFolders';
import { loadTasks, type EvalTask } from '../../evals/harness/taskFormat';

const tasks: EvalTask[] = await loadTasks();

describe('eval tasks: the hidden checks discriminate', function () {
  this.timeout(180_000);

  it('has tasks to validate', () => {
    assert.ok(tasks.length > 0, 'evals/tasks holds no task');
  });

  for (const task of tasks) {
    describe(`${task.id} (${task.kind}, ${task.language})`, () => {
      for (const [state, overlay, shouldPass] of [
        ['the untouched fixture', undefined, false],
        ['the wrong fix', task.wrong, false],
        ['the reference solution', task.solution, true],
      ] as const) {
        it(`${shouldPass ? 'passes' : 'fails'} on ${state}`, async () => {
          const folder = await freshCopy(task);
          try {
            if (overlay) await applyOverlay(overlay, folder);
            const result = await runChecks(task, folder);
            assert.equal(result.passed, shouldPass, `checks ${result.passed ? 'passed' : 'failed'} on ${state}:\n${result.output}`);
          } finally {
            await rm(folder, { recursive: true, force: true });
          }
        });
      }
    });
  }
});
