// The file-system Workspace and workspace path resolution, on real temp folders.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaleFileError } from '../../src/agent/ports';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { hashText } from '../../src/agent/workspace/hash';
import { resolveWorkspacePath } from '../../src/agent/workspace/resolveWorkspacePath';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

describe('file-system workspace', () => {
  let repo: TempRepo;
  let workspace: FileSystemWorkspace;

  beforeEach(async () => {
    repo = await createTempRepo({ 'a.txt': 'original\n', 'dir/b.txt': 'b\n' }, { git: false });
    workspace = await FileSystemWorkspace.open(repo.root);
  });
  afterEach(async () => repo.remove());

  it('hashes text as sha256 hex', () => {
    assert.equal(hashText('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('opens a folder by its real path, and refuses a file', async () => {
    const alias = join(await mkdtemp(join(tmpdir(), 'loupe-alias-')), 'ws');
    try {
      await symlink(repo.root, alias);
      assert.equal((await FileSystemWorkspace.open(alias)).root, workspace.root);
      await assert.rejects(FileSystemWorkspace.open(join(repo.root, 'a.txt')), /is not a folder/);
    } finally {
      await rm(join(alias, '..'), { recursive: true, force: true });
    }
  });

  it('reads text, and undefined for a missing file or a folder', async () => {
    assert.equal(await workspace.readFile(join(workspace.root, 'a.txt')), 'original\n');
    assert.equal(await workspace.readFile(join(workspace.root, 'missing.txt')), undefined);
    assert.equal(await workspace.readFile(join(workspace.root, 'dir')), undefined);
  });

  it('replaces a file only if it still has the text the agent read', async () => {
    const path = join(workspace.root, 'a.txt');
    await workspace.writeFile(path, 'new\n', 'original\n');
    assert.equal(await readFile(path, 'utf8'), 'new\n');
    await writeFile(path, 'edited by the user\n');
    await assert.rejects(workspace.writeFile(path, 'agent text\n', 'new\n'), (error: unknown) => {
      assert.ok(error instanceof StaleFileError);
      assert.equal(error.path, path);
      assert.match(error.message, /changed on disk or in an editor since the agent read it; nothing was written/);
      return true;
    });
    assert.equal(await readFile(path, 'utf8'), 'edited by the user\n');
  });

  it('refuses to replace a file that was deleted since the agent read it', async () => {
    const path = join(workspace.root, 'a.txt');
    await rm(path);
    await assert.rejects(workspace.writeFile(path, 'x\n', 'original\n'), StaleFileError);
    assert.deepEqual((await readdir(workspace.root)).sort(), ['dir']);
  });

  it('creates a file and its folders only if it does not exist yet', async () => {
    await workspace.writeFile(join(workspace.root, 'new/deep/c.txt'), 'c\n', null);
    assert.equal(await readFile(join(workspace.root, 'new/deep/c.txt'), 'utf8'), 'c\n');
    await assert.rejects(workspace.writeFile(join(workspace.root, 'a.txt'), 'x', null), StaleFileError);
    assert.equal(await readFile(join(workspace.root, 'a.txt'), 'utf8'), 'original\n');
  });

  it('keeps the mode of the file it replaces', async () => {
    const path = join(workspace.root, 'a.txt');
    // Group and other write bits, which the umask would strip from a freshly created file.
    await chmod(path, 0o666);
    await workspace.writeFile(path, 'new\n', 'original\n');
    assert.equal((await stat(path)).mode & 0o777, 0o666);
  });

  it('leaves no temp file behind and the target untouched when the final rename fails', async () => {
    await workspace.writeFile(join(workspace.root, 'a.txt'), 'x\n', 'original\n');
    // A folder where the file should go: the temp file is written, then renaming it over the folder fails.
    await assert.rejects(workspace.writeFile(join(workspace.root, 'dir'), 'x', null));
    assert.deepEqual((await readdir(workspace.root)).sort(), ['a.txt', 'dir']);
    assert.deepEqual(await readdir(join(workspace.root, 'dir')), ['b.txt']);
    await assert.rejects(workspace.writeFile(join(workspace.root, 'a.txt/under-a-file.txt'), 'x', null));
    assert.deepEqual((await readdir(workspace.root)).sort(), ['a.txt', 'dir']);
  });

  it('lists a folder sorted, with folders marked, and nothing for a file', async () => {
    await writeFile(join(workspace.root, 'Z.txt'), '');
    await mkdir(join(workspace.root, 'c'));
    assert.deepEqual(await workspace.listDirectory(workspace.root), ['Z.txt', 'a.txt', 'c/', 'dir/']);
    assert.equal(await workspace.listDirectory(join(workspace.root, 'a.txt')), undefined);
    assert.equal(await workspace.listDirectory(join(workspace.root, 'missing')), undefined);
  });
});

describe('workspace paths', () => {
  let root: string;
  let outside: string;

  beforeEach(async () => {
    const base = await mkdtemp(join(tmpdir(), 'loupe-paths-'));
    await mkdir(join(base, 'ws/src'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'ws/src/a.ts'), 'a\n');
    await writeFile(join(base, 'outside/secret.txt'), 'secret\n');
    root = (await FileSystemWorkspace.open(join(base, 'ws'))).root;
    outside = join(root, '../outside');
  });
  afterEach(async () => rm(join(root, '..'), { recursive: true, force: true }));

  const resolved = async (input: string) => {
    const result = await resolveWorkspacePath(root, input);
    assert.ok(result.ok, result.ok ? '' : result.error);
    return { absolutePath: result.absolutePath, relativePath: result.relativePath };
  };
  const refused = async (input: string) => {
    const result = await resolveWorkspacePath(root, input);
    assert.ok(!result.ok, `${input} should be refused`);
    return result.error;
  };

  it('resolves relative and absolute paths inside the workspace, including files yet to create', async () => {
    assert.deepEqual(await resolved('src/a.ts'), { absolutePath: join(root, 'src/a.ts'), relativePath: 'src/a.ts' });
    assert.deepEqual(await resolved(join(root, 'src/a.ts')), { absolutePath: join(root, 'src/a.ts'), relativePath: 'src/a.ts' });
    assert.deepEqual(await resolved('src/../new/dir/b.ts'), { absolutePath: join(root, 'new/dir/b.ts'), relativePath: 'new/dir/b.ts' });
    assert.deepEqual(await resolved('.'), { absolutePath: root, relativePath: '.' });
    assert.deepEqual(await resolved('..notes.md'), { absolutePath: join(root, '..notes.md'), relativePath: '..notes.md' });
  });

  it('refuses .. and absolute paths that lead outside, naming the path and the workspace', async () => {
    assert.equal(await refused('../outside/secret.txt'), `../outside/secret.txt is outside the workspace ${root}; only files inside the workspace can be used.`);
    assert.match(await refused('src/../../x'), /src\/\.\.\/\.\.\/x is outside the workspace/);
    assert.match(await refused(join(outside, 'secret.txt')), /is outside the workspace/);
    assert.match(await refused('/etc/passwd'), /^\/etc\/passwd is outside the workspace/);
    assert.match(await refused(''), /The path is empty/);
    assert.match(await refused('   '), /The path is empty/);
  });

  it('accepts the workspace reached through a symlinked name for it', async () => {
    await symlink(root, join(outside, 'alias'));
    assert.deepEqual(await resolved(join(outside, 'alias/src/a.ts')), { absolutePath: join(root, 'src/a.ts'), relativePath: 'src/a.ts' });
  });

  it('follows symlinks that stay inside, and refuses those that lead out, also for files yet to create', async () => {
    await symlink(join(root, 'src'), join(root, 'inner'));
    await symlink(join(root, 'src/later.ts'), join(root, 'later-link.ts'));
    await symlink(outside, join(root, 'out'));
    await symlink('../outside/new.txt', join(root, 'dangling-out.txt'));
    assert.deepEqual(await resolved('inner/a.ts'), { absolutePath: join(root, 'src/a.ts'), relativePath: 'src/a.ts' });
    assert.deepEqual(await resolved('later-link.ts'), { absolutePath: join(root, 'src/later.ts'), relativePath: 'src/later.ts' });
    assert.match(await refused('out/secret.txt'), new RegExp(`^out/secret\\.txt leads outside the workspace ${root} through a symbolic link`));
    assert.match(await refused('out/new/file.txt'), /leads outside the workspace/);
    assert.match(await refused('dangling-out.txt'), /leads outside the workspace/);
  });

  it('explains paths that cannot be resolved', async () => {
    await symlink('loop-b', join(root, 'loop-a'));
    await symlink('loop-a', join(root, 'loop-b'));
    assert.match(await refused('loop-a'), /^Cannot resolve loop-a: too many levels of symbolic links/);
    assert.match(await refused('src/a.ts/x.ts'), /^Cannot resolve src\/a\.ts\/x\.ts: part of the path is a file, not a folder\.$/);
  });
});
