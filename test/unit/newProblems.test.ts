// What an accepted edit tells the model about the problems it introduced: the diff of the editor's
// diagnostics (newProblems.ts), its caps, and the editor tool asking a Diagnostics port around the write.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { Policy } from '../../src/agent/policy';
import type { ChangeDecision, Diagnostics, FileProblem, ProblemWatch } from '../../src/agent/ports';
import { ToolRunner } from '../../src/agent/toolRunner';
import { EditorTool } from '../../src/agent/tools/editor';
import { describeNewProblems, MAX_NAMED_PROBLEMS, MAX_PROBLEM_MESSAGE_CHARS, newProblems } from '../../src/agent/tools/newProblems';
import type { AgentTool, ToolResult } from '../../src/agent/tools/tool';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { ScriptedApprover, type ChangeAnswer } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { createToolContext } from '../support/toolContext';

const typeError = (line: number): FileProblem => ({ line, severity: 'error', message: "Type 'string' is not assignable to type 'number'.", source: 'ts', code: '2322' });
const unused = (line: number): FileProblem => ({ line, severity: 'warning', message: "'x' is declared but its value is never read.", source: 'ts', code: '6133' });
const text = (result: ToolResult) => (typeof result.content === 'string' ? result.content : JSON.stringify(result.content));

describe('new problems after an edit', () => {
  describe('newProblems', () => {
    it('does not count an old problem that the edit moved to another line as new', () => {
      assert.deepEqual(newProblems([typeError(3), unused(8)], [typeError(5), unused(10)]), []);
    });

    it('names a problem whose message, code, source or severity differs from every old one', () => {
      const other = { ...typeError(2), message: "Type 'number' is not assignable to type 'string'." };
      const asWarning = { ...typeError(4), severity: 'warning' as const };
      const otherCode = { ...typeError(6), code: '2345' };
      const otherSource = { ...typeError(7), source: 'eslint' };
      assert.deepEqual(newProblems([typeError(1)], [typeError(1), other, asWarning, otherCode, otherSource]), [other, asWarning, otherCode, otherSource]);
    });

    it('counts copies: a second copy of an old error is new, and the one kept is the later by line', () => {
      assert.deepEqual(newProblems([typeError(9)], [typeError(12), typeError(2)]), [typeError(12)]);
    });

    it('names every problem of a file that had none, by line', () => {
      assert.deepEqual(newProblems([], [unused(7), typeError(3)]), [typeError(3), unused(7)]);
    });
  });

  describe('describeNewProblems', () => {
    it('says nothing when the edit added no problem', () => {
      assert.equal(describeNewProblems('src/a.ts', []), '');
    });

    it('names each problem with its line, severity, source and code', () => {
      assert.equal(
        describeNewProblems('src/a.ts', [typeError(3), { line: 4, severity: 'warning', message: 'Trailing comma.' }]),
        "New problems in src/a.ts after this edit, as the editor reports them:\n- line 3: error (ts 2322): Type 'string' is not assignable to type 'number'.\n- line 4: warning: Trailing comma.",
      );
    });

    it('names at most MAX_NAMED_PROBLEMS, says how many there were, and cuts long messages to one short line', () => {
      const long = { ...typeError(1), message: `Type '{ a: string; }'\n  is not assignable ${'x'.repeat(MAX_PROBLEM_MESSAGE_CHARS * 3)}` };
      const many = [long, ...Array.from({ length: MAX_NAMED_PROBLEMS + 4 }, (_, index) => typeError(index + 2))];
      const lines = describeNewProblems('a.ts', many).split('\n');
      assert.equal(lines[0], `New problems in a.ts after this edit, as the editor reports them (${many.length} in all; the first ${MAX_NAMED_PROBLEMS} by line):`);
      assert.equal(lines.length, 1 + MAX_NAMED_PROBLEMS);
      assert.match(lines[1]!, /^- line 1: error \(ts 2322\): Type '\{ a: string; \}' is not assignable x+\.\.\.$/);
      assert.ok(lines[1]!.length < MAX_PROBLEM_MESSAGE_CHARS + 40, 'the message is cut');
    });
  });

  describe('the editor tool with the editor\'s diagnostics', () => {
    let repo: TempRepo | undefined;
    afterEach(async () => {
      await repo?.remove();
      repo = undefined;
    });

    it('appends what the write added, asking for the problems before the write and after it, and ends the watch', async () => {
      repo = await createTempRepo({ 'a.ts': 'let total: number = 1;\nlet x = 2;\n' }, { git: false });
      const diagnostics = new ScriptedDiagnostics([unused(2)], [typeError(1), unused(3)]);
      const context = await createToolContext(repo.root, new ScriptedApprover([diagnostics.review({ kind: 'accept' })]));
      const editor = new EditorTool({ diagnostics });
      await editor.run({ command: 'view', path: 'a.ts' }, context);
      const result = await editor.run({ command: 'str_replace', path: 'a.ts', old_str: 'number = 1', new_str: "number = 'one';\n// moved" }, context);
      assert.equal(result.isError, false);
      assert.match(text(result), /Lines 1-\d+ of a\.ts now read:/);
      assert.match(text(result), /\nNew problems in a\.ts after this edit, as the editor reports them:\n- line 1: error \(ts 2322\): Type 'string' is not assignable to type 'number'\.$/);
      assert.equal(result.externalContent, true);
      assert.deepEqual(diagnostics.calls, [`watch ${join(repo.root, 'a.ts')}`, 'review', 'beforeWrite', 'write', 'afterWrite', 'dispose']);
    });

    it('adds nothing when the write added no problem, and does not wait for problems of a change that was rejected', async () => {
      repo = await createTempRepo({ 'a.ts': 'let x = 2;\n' }, { git: false });
      const diagnostics = new ScriptedDiagnostics([unused(1)], [unused(2)]);
      const context = await createToolContext(repo.root, new ScriptedApprover([diagnostics.review({ kind: 'accept' }), diagnostics.review({ kind: 'reject' })]));
      const editor = new EditorTool({ diagnostics });
      await editor.run({ command: 'view', path: 'a.ts' }, context);
      const kept = await editor.run({ command: 'insert', path: 'a.ts', insert_line: 0, insert_text: '// header' }, context);
      assert.doesNotMatch(text(kept), /New problems/);
      assert.equal(kept.externalContent, undefined);
      diagnostics.calls.length = 0;
      const rejected = await editor.run({ command: 'insert', path: 'a.ts', insert_line: 0, insert_text: '// again' }, context);
      assert.equal(rejected.isError, true);
      assert.deepEqual(diagnostics.calls, [`watch ${join(repo.root, 'a.ts')}`, 'review', 'dispose']);
    });

    it('adds nothing when the task is cancelled while it waits for the language server', async () => {
      repo = await createTempRepo({}, { git: false });
      const context = await createToolContext(repo.root, new ScriptedApprover([{ kind: 'accept' }]));
      const diagnostics = new ScriptedDiagnostics([], [typeError(1)], () => context.controller.abort());
      const result = await new EditorTool({ diagnostics }).run({ command: 'create', path: 'a.ts', file_text: "let total: number = 'one';\n" }, context);
      assert.equal(text(result), 'Created a.ts: 1 hunk accepted.');
      assert.equal(await readFile(join(repo.root, 'a.ts'), 'utf8'), "let total: number = 'one';\n", 'the file was written before the wait');
    });

    it('makes a create whose result names problems count as outside content for the risky-action rule', async () => {
      repo = await createTempRepo({}, { git: false });
      const workspace = await FileSystemWorkspace.open(repo.root);
      const provenance = new ProvenanceProbe();
      const runner = new ToolRunner({
        tools: [new EditorTool({ diagnostics: new ScriptedDiagnostics([], [typeError(1)]) }), provenance],
        workspace,
        approver: new ScriptedApprover(),
        policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
        emit: () => undefined,
      });
      const { results } = await runner.runTurn([toolUse('t1', 'probe', {}), toolUse('t2', 'str_replace_based_edit_tool', { command: 'create', path: 'a.ts', file_text: "let total: number = 'one';\n" }), toolUse('t3', 'probe', {})], new AbortController().signal);
      assert.match(String(results[1]!.content), /New problems in a\.ts/);
      assert.deepEqual(provenance.seen, [false, true]);
    });
  });
});

/**
 * Stands in for VS Code's language servers (src/host/editDiagnostics.ts is tested against the real ones
 * in test/vscode): the problems before and after the write, and the order in which it was asked.
 */
class ScriptedDiagnostics implements Diagnostics {
  readonly calls: string[] = [];
  constructor(
    private readonly _before: FileProblem[],
    private readonly _after: FileProblem[],
    private readonly _whileWaiting: () => void = () => undefined,
  ) {}

  /** A review answer that notes when the review happened. */
  review(decision: ChangeDecision): ChangeAnswer {
    return () => {
      this.calls.push('review');
      return decision;
    };
  }

  async watch(absolutePath: string): Promise<ProblemWatch> {
    this.calls.push(`watch ${absolutePath}`);
    const file = await readFile(absolutePath, 'utf8').catch(() => undefined);
    // A review, if any, and the write come between the watch and its questions: seen by the file's text.
    const mark = async (what: string) => {
      const now = await readFile(absolutePath, 'utf8').catch(() => undefined);
      if (now !== file && !this.calls.includes('write')) this.calls.push('write');
      this.calls.push(what);
    };
    return {
      beforeWrite: async () => {
        await mark('beforeWrite');
        return this._before;
      },
      afterWrite: async () => {
        await mark('afterWrite');
        this._whileWaiting();
        return this._after;
      },
      dispose: () => void this.calls.push('dispose'),
    };
  }
}

/** A tool that records whether outside content had entered the conversation before each of its calls. */
class ProvenanceProbe implements AgentTool {
  readonly name = 'probe';
  readonly seen: boolean[] = [];
  returnsExternalContent(): boolean {
    return false;
  }
  definition(): Anthropic.Tool {
    return { name: 'probe', input_schema: { type: 'object' } };
  }
  async run(_input: unknown, context: Parameters<AgentTool['run']>[1]): Promise<ToolResult> {
    this.seen.push(context.afterExternalContent);
    return { content: 'ok', isError: false };
  }
}

function toolUse(id: string, name: string, input: unknown): Anthropic.ToolUseBlock {
  return { type: 'tool_use', id, name, input } as Anthropic.ToolUseBlock;
}
