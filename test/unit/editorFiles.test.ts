// The editor on the files users really have (issue 11): other encodings and BOMs kept byte for byte,
// an empty new file, a FIFO, a hard link out of the workspace, a read-only file. Each on a real temp
// folder, checked on the bytes on disk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, link, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { EditorTool } from '../../src/agent/tools/editor';
import type { ToolResult } from '../../src/agent/tools/tool';
import { MAX_EDITOR_FILE_BYTES } from '../../src/agent/workspace/fileSystemWorkspace';
import { decodeText, encodeText } from '../../src/agent/workspace/textEncoding';
import { ScriptedApprover } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { createToolContext, type TestToolContext } from '../support/toolContext';

const text = (result: ToolResult) => (typeof result.content === 'string' ? result.content : JSON.stringify(result.content));

describe('editor tool on the files users have', () => {
  let repo: TempRepo | undefined;
  let editor: EditorTool;
  let context: TestToolContext;

  async function setUp(files: Record<string, Buffer>, approver = new ScriptedApprover(), approveAll = true): Promise<string> {
    repo = await createTempRepo({}, { git: false });
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(repo.root, name), bytes);
    context = await createToolContext(repo.root, approver, { approveAll });
    editor = new EditorTool();
    return repo.root;
  }
  const run = (input: unknown) => editor.run(input, context);
  const bytesOf = (name: string) => readFile(join(repo!.root, name));

  afterEach(async () => {
    await repo?.remove();
    repo = undefined;
  });

  describe('encodings', () => {
    // Each: the file's bytes, an ASCII line to edit in it, and the bytes the rest must keep.
    const files: Array<[string, Buffer]> = [
      ['Latin-1', Buffer.concat([Buffer.from('// caf\xe9, na\xefve, r\xe9sum\xe9 \xe0 la cr\xe8me br\xfbl\xe9e\n', 'latin1'), Buffer.from('const x = 1;\n')])],
      ['cp1251', Buffer.concat([iconv.encode('// Привет, мир! Это комментарий на русском языке.\n', 'win1251'), Buffer.from('const x = 1;\n')])],
      ['UTF-8 with invalid bytes', Buffer.concat([Buffer.from('// h\u00e9llo '), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(' w\u00f6rld\nconst x = 1;\n')])],
      ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('// h\u00e9llo \u4e16\u754c\r\nconst x = 1;\r\n', 'utf16le')])],
      ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('// h\u00e9llo\nconst x = 1;\n')])],
    ];
    for (const [name, original] of files) {
      it(`keeps every byte outside the edit of a ${name} file, and says its encoding in view`, async () => {
        await setUp({ 'f.js': original });
        const viewed = text(await run({ command: 'view', path: 'f.js' }));
        assert.match(viewed, /const x = 1;/);
        const edited = await run({ command: 'str_replace', path: 'f.js', old_str: 'const x = 1;', new_str: 'const x = 2;' });
        assert.notEqual(edited.isError, true, text(edited));
        const after = await bytesOf('f.js');
        const wide = name.startsWith('UTF-16');
        const expected = Buffer.from(original);
        const at = wide ? expected.indexOf(iconv.encode('1;', 'utf16le')) : expected.lastIndexOf(Buffer.from('1;'));
        expected[at] = '2'.charCodeAt(0);
        assert.deepEqual(after, expected, `${name}: the bytes changed beyond the edit`);
        if (name === 'UTF-8 with a BOM') assert.match(viewed, /UTF-8 with a byte order mark/);
        else assert.match(viewed, /\[f\.js is in .+\. Loupe keeps that encoding/);
      });
    }

    it('keeps the BOM when create replaces a file that had one', async () => {
      await setUp({ 'a.txt': Buffer.from('\ufeffold\n') });
      await run({ command: 'view', path: 'a.txt' });
      const result = await run({ command: 'create', path: 'a.txt', file_text: 'new\n' });
      assert.notEqual(result.isError, true, text(result));
      assert.deepEqual(await bytesOf('a.txt'), Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('new\n')]));
    });

    it('refuses, before anyone is asked, an edit with characters the file\'s encoding cannot hold', async () => {
      const original = Buffer.concat([iconv.encode('// Привет, мир! Это комментарий на русском языке.\n', 'win1251'), Buffer.from('const x = 1;\n')]);
      const approver = new ScriptedApprover();
      await setUp({ 'f.js': original }, approver, false);
      await run({ command: 'view', path: 'f.js' });
      const result = await run({ command: 'str_replace', path: 'f.js', old_str: 'const x = 1;', new_str: 'const x = "日本";' });
      assert.equal(result.isError, true);
      assert.match(text(result), /cannot hold "日", "本"; nothing was changed/);
      assert.equal(approver.changes.length, 0);
      assert.deepEqual(await bytesOf('f.js'), original);
    });

    it('decodes every byte sequence into text that encodes back to exactly the same bytes', () => {
      for (let seed = 1; seed <= 200; seed++) {
        let state = seed;
        const bytes = Buffer.from(Array.from({ length: 64 + (seed % 50) }, () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff));
        const decoded = decodeText(bytes);
        const encoded = encodeText(decoded.text, decoded.encoding);
        assert.ok(encoded.ok, `seed ${seed}`);
        assert.deepEqual(encoded.bytes, bytes, `seed ${seed}: ${decoded.encoding.name}`);
      }
    });
  });

  it('creates an empty file under a standing yes and through a review, and says so', async () => {
    await setUp({});
    const result = await run({ command: 'create', path: 'empty.txt', file_text: '' });
    assert.notEqual(result.isError, true, text(result));
    assert.equal(text(result), 'Created empty.txt, empty.');
    assert.equal((await bytesOf('empty.txt')).length, 0);
    await repo?.remove();
    await setUp({}, new ScriptedApprover([{ kind: 'accept' }]), false);
    assert.equal(text(await run({ command: 'create', path: '.gitkeep', file_text: '' })), 'Created .gitkeep, empty.');
    assert.equal((await bytesOf('.gitkeep')).length, 0);
  });

  it('refuses a FIFO at once, for view and edit, instead of waiting for a writer', async () => {
    const root = await setUp({});
    execFileSync('mkfifo', [join(root, 'pipe')]);
    for (const input of [{ command: 'view', path: 'pipe' }, { command: 'str_replace', path: 'pipe', old_str: 'a', new_str: 'b' }, { command: 'create', path: 'pipe', file_text: 'x' }]) {
      const result = await run(input);
      assert.equal(result.isError, true, input.command);
      assert.match(text(result), /is a FIFO \(named pipe\), not a regular file/);
    }
    assert.match(text(await run({ command: 'view', path: '/dev/null' })), /outside the workspace/);
  });

  it('neither reads nor edits a hard link to a file outside the workspace, and says why', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'loupe-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'TOP-SECRET\n');
      const root = await setUp({});
      await link(join(outside, 'secret.txt'), join(root, 'innocent.txt'));
      for (const input of [{ command: 'view', path: 'innocent.txt' }, { command: 'str_replace', path: 'innocent.txt', old_str: 'TOP', new_str: 'x' }]) {
        const result = await run(input);
        assert.equal(result.isError, true);
        assert.match(text(result), /has 2 hard links/);
        assert.doesNotMatch(text(result), /TOP-SECRET/);
      }
      assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'TOP-SECRET\n');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses a file over the size limit at once, saying how to work on it instead, and leaves it as it was', async () => {
    const root = await setUp({});
    // Sparse: the size is real, the disk is not filled.
    execFileSync('truncate', ['-s', `${MAX_EDITOR_FILE_BYTES + 1}`, join(root, 'huge.log')]);
    for (const input of [{ command: 'view', path: 'huge.log' }, { command: 'str_replace', path: 'huge.log', old_str: 'a', new_str: 'b' }, { command: 'create', path: 'huge.log', file_text: 'x' }]) {
      const result = await run(input);
      assert.equal(result.isError, true, input.command);
      assert.match(text(result), /huge\.log is 32 MB; the editor reads and edits files of up to 32 MB.*sed -n/);
    }
    assert.equal((await stat(join(root, 'huge.log'))).size, MAX_EDITOR_FILE_BYTES + 1);
  });

  it('refuses to replace a read-only file, before anyone is asked, and leaves it as it was', async () => {
    const approver = new ScriptedApprover();
    const root = await setUp({ 'locked.txt': Buffer.from('keep\n') }, approver, false);
    await chmod(join(root, 'locked.txt'), 0o444);
    await run({ command: 'view', path: 'locked.txt' });
    for (const input of [{ command: 'str_replace', path: 'locked.txt', old_str: 'keep', new_str: 'gone' }, { command: 'create', path: 'locked.txt', file_text: 'gone\n' }]) {
      const result = await run(input);
      assert.equal(result.isError, true);
      assert.match(text(result), /locked\.txt is read-only.*chmod u\+w locked\.txt/);
    }
    assert.equal(approver.changes.length, 0);
    assert.equal(await readFile(join(root, 'locked.txt'), 'utf8'), 'keep\n');
  });
});
