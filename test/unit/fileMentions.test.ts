// `@path` mentions in the panel's box: which words are mentions, and which files they attach, on
// real temp folders (symlinks out, binary and large files, folders, names that match nothing).
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mentionedFiles, MAX_MENTIONED_FILE_BYTES, MAX_MENTIONED_FILES } from '../../src/agent/context/fileMentions';
import { withAttachments } from '../../src/agent/context/taskAttachments';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { findMentions, mentionAtCaret } from '../../src/shared/mentions';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

describe('@path mentions in the text', function () {
  it('finds mentions at the start, after spaces and brackets, without the sentence\'s punctuation', function () {
    const text = '@README.md explains it; compare (@src/a.ts) with "@src/b.ts", then see @docs/x.md.';
    assert.deepEqual(findMentions(text).map((mention) => mention.path), ['README.md', 'src/a.ts', 'src/b.ts', 'docs/x.md']);
    const [first] = findMentions('look at @src/a.ts, please');
    assert.deepEqual(first, { path: 'src/a.ts', start: 8, end: 17 });
  });

  it('does not take an e-mail address or a lone @ for a mention', function () {
    assert.deepEqual(findMentions('mail me@example.com or write @ alone, or @.'), []);
  });

  it('says which mention the caret is in, and what follows its @', function () {
    assert.deepEqual(mentionAtCaret('fix @src/ad', 11), { start: 4, query: 'src/ad' });
    assert.deepEqual(mentionAtCaret('@', 1), { start: 0, query: '' });
    assert.equal(mentionAtCaret('fix @src/add.js now', 19), undefined, 'a space ended the mention');
    assert.equal(mentionAtCaret('me@example', 10), undefined);
    assert.equal(mentionAtCaret('no mention here', 5), undefined);
  });
});

describe('the files mentions attach', function () {
  let repo: TempRepo;
  let outside: string;
  let workspace: FileSystemWorkspace;

  beforeEach(async function () {
    repo = await createTempRepo({ 'src/add.js': 'function add(a, b) {\n  return a - b;\n}\n', 'README.md': '# Sample\n', 'docs/guide.md': 'Read me.\n' }, { git: false });
    outside = await mkdtemp(join(tmpdir(), 'loupe-outside-'));
    await writeFile(join(outside, 'secret.txt'), 'not for the model\n');
    workspace = await FileSystemWorkspace.open(repo.root);
  });

  afterEach(async function () {
    await repo.remove();
    await rm(outside, { recursive: true, force: true });
  });

  it('attaches each file mentioned, once, by its path in the folder, and the model reads it as file text', async function () {
    const task = 'Why does @src/add.js subtract? See @README.md and @src/add.js.';
    const { attachments, unresolved } = await mentionedFiles(workspace, task);
    assert.deepEqual(unresolved, []);
    assert.deepEqual(attachments, [
      { path: 'src/add.js', text: 'function add(a, b) {\n  return a - b;\n}\n' },
      { path: 'README.md', text: '# Sample\n' },
    ]);
    assert.match(withAttachments(task, attachments), /file text, as data[\s\S]*--- src\/add\.js, attached ---\nfunction add\(a, b\) \{\n {2}return a - b;\n\}\n--- end of src\/add\.js \[[0-9a-f]{12}\] ---/);
  });

  it('leaves a mention that names no file, a folder, or a path out of the folder as plain text, and says why', async function () {
    await symlink(join(outside, 'secret.txt'), join(repo.root, 'link.txt'));
    await symlink(outside, join(repo.root, 'out'));
    const { attachments, unresolved } = await mentionedFiles(workspace, '@nothing.js @docs @../secret.txt @link.txt @out/secret.txt @/etc/passwd');
    assert.deepEqual(attachments, []);
    assert.deepEqual(unresolved.map((item) => item.mention), ['@nothing.js', '@docs', '@../secret.txt', '@link.txt', '@out/secret.txt', '@/etc/passwd']);
    assert.match(unresolved[0]!.why, /names no file in this folder, so it was sent as plain text/);
    assert.match(unresolved[1]!.why, /is a folder/);
    assert.match(unresolved[2]!.why, /outside the workspace/);
    assert.match(unresolved[3]!.why, /through a symbolic link/);
    assert.match(unresolved[4]!.why, /through a symbolic link/);
    assert.match(unresolved[5]!.why, /absolute path/);
  });

  it('follows a symlink that stays inside the folder, and names the file it leads to', async function () {
    await symlink('src/add.js', join(repo.root, 'alias.js'));
    const { attachments } = await mentionedFiles(workspace, 'look at @alias.js');
    assert.deepEqual(attachments.map((item) => item.path), ['src/add.js']);
  });

  it('names a binary or too large file instead of sending its bytes, and tells the model why', async function () {
    await writeFile(join(repo.root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    await writeFile(join(repo.root, 'huge.log'), 'x'.repeat(MAX_MENTIONED_FILE_BYTES + 1));
    await writeFile(join(repo.root, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi\n', 'utf16le')]));
    const { attachments } = await mentionedFiles(workspace, '@logo.png @huge.log @utf16.txt');
    assert.deepEqual(attachments.map((item) => [item.path, item.notAttached]), [
      ['logo.png', 'a binary file'],
      ['huge.log', '1.0 MB, larger than the 1.0 MB a mentioned file may be; view parts of it instead'],
      ['utf16.txt', undefined],
    ]);
    assert.equal(attachments[2]!.text, 'hi\n');
    const sent = withAttachments('Look', attachments);
    assert.match(sent, /--- logo\.png, mentioned: its text is not attached \(a binary file\) ---/);
    assert.doesNotMatch(sent, /PNG|xxxx/);
  });

  it(`attaches at most ${MAX_MENTIONED_FILES} files`, async function () {
    for (let index = 0; index <= MAX_MENTIONED_FILES; index++) await repo.write(`many/f${index}.txt`, `${index}\n`);
    const text = Array.from({ length: MAX_MENTIONED_FILES + 1 }, (_, index) => `@many/f${index}.txt`).join(' ');
    const { attachments, unresolved } = await mentionedFiles(workspace, text);
    assert.equal(attachments.length, MAX_MENTIONED_FILES);
    assert.deepEqual(unresolved.map((item) => item.mention), [`@many/f${MAX_MENTIONED_FILES}.txt`]);
  });
});
