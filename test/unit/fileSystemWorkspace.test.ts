import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StaleFileError } from '../../src/agent/ports';
import { hashText } from '../../src/agent/workspace/hash';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

describe('file-system workspace', () => {
  let repo: TempRepo;
  let workspace: FileSystemWorkspace;

  beforeEach(async () => {
    repo = await createTempRepo({ 'a.txt': 'original\n', 'dir/b.txt': 'b\n' }, { git: false });
    workspace = await FileSystemWorkspace.open(repo.root);
  });
  afterEach(async () => repo.remove());

  it('reads text, and undefined for a missing file or a folder', async () => {
    assert.equal(await workspace.readFile(join(workspace.root, 'a.txt')), 'original\n');
    assert.equal(await workspace.readFile(join(workspace.root, 'missing.txt')), undefined);
    assert.equal(await workspace.readFile(join(workspace.root, 'dir')), undefined);
  });

  it('replaces a file only if it still has the text the agent read', async () => {
    const path = join(workspace.root, 'a.txt');
    await workspace.writeFile(path, 'new\n', hashText('original\n'));
    assert.equal(await readFile(path, 'utf8'), 'new\n');
    await writeFile(path, 'edited by the user\n');
    await assert.rejects(workspace.writeFile(path, 'agent text\n', hashText('new\n')), StaleFileError);
    assert.equal(await readFile(path, 'utf8'), 'edited by the user\n');
  });

  it('creates a file only if it does not exist yet', async () => {
    await workspace.writeFile(join(workspace.root, 'new/deep/c.txt'), 'c\n', null);
    assert.equal(await readFile(join(workspace.root, 'new/deep/c.txt'), 'utf8'), 'c\n');
    await assert.rejects(workspace.writeFile(join(workspace.root, 'a.txt'), 'x', null), StaleFileError);
  });

  it('leaves no temp file behind, also when the write fails', async () => {
    await workspace.writeFile(join(workspace.root, 'a.txt'), 'x\n', hashText('original\n'));
    await assert.rejects(workspace.writeFile(join(workspace.root, 'a.txt/under-a-file.txt'), 'x', null));
    assert.deepEqual((await readdir(workspace.root)).sort(), ['a.txt', 'dir']);
  });

  it('lists a folder with folders marked', async () => {
    assert.deepEqual(await workspace.listDirectory(workspace.root), ['a.txt', 'dir/']);
    assert.equal(await workspace.listDirectory(join(workspace.root, 'a.txt')), undefined);
  });
});
