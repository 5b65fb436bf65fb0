import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { CheckpointStore } from '../../src/agent/checkpoints';
import { createTempRepo, treeBytes, type TempRepo } from '../support/tempRepo';

/** The user's repository as git reports it: HEAD, branches, stash, index and status. */
async function userGitState(root: string): Promise<string> {
  const git = simpleGit(root);
  return JSON.stringify([await git.revparse(['HEAD']), await git.branch(), await git.raw(['stash', 'list']), await git.raw(['ls-files', '--stage']), (await git.status()).files]);
}

describe('checkpoints in a shadow git repository', () => {
  let repo: TempRepo;
  let storage: string;

  beforeEach(async () => {
    repo = await createTempRepo({
      '.gitignore': 'build/\n*.log\n',
      'src/app.js': 'console.log("v1");\n',
      'crlf.txt': 'one\r\ntwo\r\n',
      'README.md': '# app\n',
    });
    storage = await mkdtemp(join(tmpdir(), 'loupe-storage-'));
  });
  afterEach(async () => {
    await repo.remove();
    await rm(storage, { recursive: true, force: true });
  });

  it('restores the tree byte for byte: edited, deleted and created files, CRLF kept, ignored files untouched', async () => {
    const store = await CheckpointStore.open(repo.root, storage);
    await repo.write('build/out.js', 'built 1\n');
    await repo.write('debug.log', 'log 1\n');
    const before = await treeBytes(repo.root);
    const checkpoint = await store.snapshot('before step 1: edit src/app.js');

    await repo.write('src/app.js', 'console.log("v2");\n');
    await repo.write('crlf.txt', 'changed\n');
    await unlink(join(repo.root, 'README.md'));
    await repo.write('src/new.js', 'new\n');
    await repo.write('build/out.js', 'built 2\n');

    const checkpointsBefore = (await store.list()).length;
    const preview = await store.previewRestore(checkpoint.id);
    assert.equal((await store.list()).length, checkpointsBefore, 'a preview records no checkpoint');
    assert.deepEqual(preview.sort((a, b) => (a.path < b.path ? -1 : 1)), [
      { path: 'README.md', change: 'recreated' },
      { path: 'crlf.txt', change: 'restored' },
      { path: 'src/app.js', change: 'restored' },
      { path: 'src/new.js', change: 'deleted' },
    ]);
    const { changes } = await store.restore(checkpoint.id);
    assert.equal(changes.length, 4);

    const after = await treeBytes(repo.root);
    // Ignored files are the user's business: the build output keeps its newer text.
    assert.equal(after.get('build/out.js'), Buffer.from('built 2\n').toString('base64'));
    before.delete('build/out.js');
    after.delete('build/out.js');
    assert.deepEqual(after, before);
    assert.equal(await readFile(join(repo.root, 'crlf.txt'), 'utf8'), 'one\r\ntwo\r\n');
  });

  it('never touches the user\'s .git: HEAD, branches, stash, index and status stay as they were', async () => {
    const git = simpleGit(repo.root);
    await git.checkoutLocalBranch('feature');
    await repo.write('README.md', '# stashed\n');
    await git.stash();
    await repo.write('src/app.js', 'console.log("staged");\n');
    await git.add('src/app.js');
    await repo.write('README.md', '# unstaged\n');
    const state = await userGitState(repo.root);

    const store = await CheckpointStore.open(repo.root, storage);
    const checkpoint = await store.snapshot('before step 1');
    await repo.write('src/app.js', 'console.log("agent");\n');
    await store.snapshot('before step 2');
    await store.restore(checkpoint.id);

    assert.equal(await readFile(join(repo.root, 'src/app.js'), 'utf8'), 'console.log("staged");\n');
    assert.equal(await userGitState(repo.root), state);
    assert.ok(!store.gitDir.startsWith(repo.root), 'the shadow repository lives outside the workspace');
  });

  it('runs nothing a repository nested in the workspace configures (core.fsmonitor), snapshot after snapshot', async () => {
    const marker = join(storage, 'fsmonitor-ran');
    const nested = join(repo.root, 'vendor', 'lib');
    // What a command in the sandbox can do (plain git: simple-git would refuse to set an fsmonitor).
    execFileSync('git', ['init', '-q', nested]);
    execFileSync('git', ['-C', nested, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-q', '--allow-empty', '-m', 'x']);
    execFileSync('git', ['-C', nested, 'config', 'core.fsmonitor', `touch ${marker}; false`]);
    const store = await CheckpointStore.open(repo.root, storage);
    await store.snapshot('first');
    await writeFile(join(repo.root, 'src/app.js'), 'console.log("v2");\n');
    await store.snapshot('second');
    await store.snapshot('third');
    await assert.rejects(stat(marker), { code: 'ENOENT' }, 'the nested repository\'s fsmonitor ran on the host');
  });

  it('runs no filter driver a nested repository configures, however deep, and a working-tree-encoding attribute cannot stop snapshots', async () => {
    const marker = join(storage, 'filter-ran');
    const nested = join(repo.root, 'a', 'b', 'c', 'd');
    execFileSync('git', ['init', '-q', nested]);
    execFileSync('git', ['-C', nested, 'config', 'filter.x.clean', `touch ${marker}; cat`]);
    await writeFile(join(nested, '.gitattributes'), '* filter=x\n');
    await writeFile(join(nested, 'f'), '1\n');
    execFileSync('git', ['-C', nested, '-c', 'user.name=x', '-c', 'user.email=x@x', 'add', '.']);
    execFileSync('git', ['-C', nested, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'i']);
    await rm(marker, { force: true });
    await writeFile(join(repo.root, '.gitattributes'), '* working-tree-encoding=UTF-16\n');
    const store = await CheckpointStore.open(repo.root, storage);
    for (let round = 2; round <= 4; round++) {
      await writeFile(join(nested, 'f'), `${round}\n`);
      await writeFile(join(repo.root, 'src/app.js'), `console.log("v${round}");\n`);
      await store.snapshot(`round ${round}`);
    }
    await assert.rejects(stat(marker), { code: 'ENOENT' }, "the nested repository's filter ran on the host");
  });

  it('records edits and deletions of tracked files alone (no new file), previews them, and names each checkpoint by its full commit hash', async () => {
    const store = await CheckpointStore.open(repo.root, storage);
    const first = await store.snapshot('before step 1');
    await repo.write('src/app.js', 'console.log("v2");\n');
    await unlink(join(repo.root, 'README.md'));
    assert.deepEqual((await store.previewRestore(first.id)).sort((a, b) => (a.path < b.path ? -1 : 1)), [
      { path: 'README.md', change: 'recreated' },
      { path: 'src/app.js', change: 'restored' },
    ]);
    const second = await store.snapshot('before step 2');
    const shadowHead = execFileSync('git', ['rev-parse', 'HEAD'], { env: { ...process.env, GIT_DIR: store.gitDir }, encoding: 'utf8' }).trim();
    assert.equal(second.id, shadowHead);
    const unchanged = await store.snapshot('before step 3');
    assert.match(unchanged.id, /^[0-9a-f]{40}$/);
    assert.deepEqual(await store.previewRestore(second.id), [], 'the edit and the deletion were recorded');
    await store.restore(first.id);
    assert.equal(await readFile(join(repo.root, 'src/app.js'), 'utf8'), 'console.log("v1");\n');
    assert.equal(await readFile(join(repo.root, 'README.md'), 'utf8'), '# app\n');
  });

  it('works in a folder that is not a git repository, and a restore can itself be undone', async () => {
    const plain = await createTempRepo({ 'notes.txt': 'first\n' }, { git: false });
    try {
      const store = await CheckpointStore.open(plain.root, storage);
      const first = await store.snapshot('before step 1');
      await plain.write('notes.txt', 'second\n');
      const { before } = await store.restore(first.id);
      assert.equal(await readFile(join(plain.root, 'notes.txt'), 'utf8'), 'first\n');
      await store.restore(before.id);
      assert.equal(await readFile(join(plain.root, 'notes.txt'), 'utf8'), 'second\n');
      await assert.rejects(stat(join(plain.root, '.git')), /ENOENT/);
      assert.deepEqual((await store.list()).map((checkpoint) => checkpoint.label).slice(-1), ['before step 1']);
    } finally {
      await plain.remove();
    }
  });

  it('keeps one history per folder and refuses an id that is not one of its checkpoints', async () => {
    const store = await CheckpointStore.open(repo.root, storage);
    const other = await createTempRepo({ 'other.txt': 'x\n' });
    try {
      const otherStore = await CheckpointStore.open(other.root, storage);
      const foreign = await otherStore.snapshot('other folder');
      assert.notEqual(otherStore.gitDir, store.gitDir);
      await assert.rejects(store.restore(foreign.id), /No checkpoint/);
      await assert.rejects(store.restore('HEAD~1'), /not a checkpoint id/);
    } finally {
      await other.remove();
    }
  });
});
