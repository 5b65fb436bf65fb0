// Attacks on git's metadata, from the attacker review: a command under a standing yes makes git (the
// user's, VS Code's) run a program on the host at the next `git status`, by redirecting the repository
// (commondir, a .git file), creating one (a new or nested repository with an fsmonitor), or locking or
// burying what it planted so the undo fails. Each is run against the real sandbox, then the user's git
// is run on the host, where the planted program would leave its marker.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAttackSandbox, type AttackSandbox } from '../support/attackSandbox';

/** The user's own git on the host, as they would run it after the task. */
function usersGit(cwd: string, ...args: string[]): void {
  spawnSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

describe('the sandbox against attacks on git metadata (real bubblewrap, the host\'s git after)', function () {
  this.timeout(120_000);
  let sandbox: AttackSandbox | undefined;
  let marker: string;

  const start = async (options: Parameters<typeof startAttackSandbox>[1] = {}): Promise<AttackSandbox> => {
    sandbox = await startAttackSandbox({ 'README.md': '# p\n' }, options);
    marker = join(sandbox.home.path, 'git-ran-a-planted-program');
    return sandbox;
  };
  const fsmonitor = () => `"touch ${marker}; false"`;

  afterEach(async () => {
    await sandbox?.remove();
    sandbox = undefined;
  });

  it('keeps the git folder read-only: no commondir pointing git at a config the command wrote, no bad HEAD, no rebase exec line', async () => {
    const { run, repo, endTask } = await start();
    const output = await run(`mkdir -p .gitc && printf '[core]\\n\\tfsmonitor = ${fsmonitor().replace(/"/g, '\\\\"')}\\n' > .gitc/config && ln -s "$PWD/.git/objects" .gitc/objects && ln -s "$PWD/.git/refs" .gitc/refs; echo ../.gitc > .git/commondir; echo junk > .git/HEAD; mkdir -p .git/rebase-merge; true`);
    assert.match(output, /Read-only file system/);
    assert.doesNotMatch(output, /could NOT undo/);
    await endTask();
    assert.ok(!existsSync(join(repo.root, '.git', 'commondir')) && !existsSync(join(repo.root, '.git', 'rebase-merge')));
    assert.match(await readFile(join(repo.root, '.git', 'HEAD'), 'utf8'), /^ref: /);
    usersGit(repo.root, 'status');
    assert.ok(!existsSync(marker), 'the user\'s git status ran the planted program');
  });

  it('undoes a bare repository laid out at the root of a folder that had none (HEAD, objects, refs, config)', async () => {
    const { run, repo, endTask } = await start({ git: false });
    const output = await run(`mkdir -p objects refs/heads && echo 'ref: refs/heads/main' > HEAD && printf '[core]\\n\\tbare = false\\n\\tworktree = .\\n\\tfsmonitor = ${fsmonitor().replace(/"/g, '\\\\"')}\\n' > config; true`);
    assert.match(output, /undid writes by sandboxed processes to HEAD/);
    await endTask();
    usersGit(repo.root, 'status');
    assert.ok(!existsSync(marker));
  });

  it('undoes a repository created in a folder that had none (git init, and --separate-git-dir)', async () => {
    const { run, repo, endTask } = await start({ git: false });
    const plain = await run(`git init -q . && git config core.fsmonitor ${fsmonitor()}; true`);
    assert.match(plain, /undid writes by sandboxed processes to (.*, )?\.git\b/);
    const separate = await run(`git init -q --separate-git-dir=.build-cache . && git config core.fsmonitor ${fsmonitor()}; true`);
    assert.match(separate, /undid writes by sandboxed processes to (.*, )?\.git\b/);
    await endTask();
    assert.ok(!existsSync(join(repo.root, '.git')));
    usersGit(repo.root, 'status');
    assert.ok(!existsSync(marker));
  });

  it('undoes a new repository nested in a subfolder, where VS Code\'s Git extension would open it', async () => {
    const { run, repo, endTask } = await start();
    const output = await run(`git init -q tools/lib && git -C tools/lib config core.fsmonitor ${fsmonitor()}; true`);
    assert.match(output, /undid writes by sandboxed processes to tools\/lib\/\.git/);
    await endTask();
    assert.ok(!existsSync(join(repo.root, 'tools', 'lib', '.git')));
    usersGit(join(repo.root, 'tools', 'lib'), 'status');
    assert.ok(!existsSync(marker));
  });

  it('keeps a nested repository that was there at the start read-only where git obeys it, and pinned in place', async () => {
    const { run, repo, endTask } = await start({ prepare: async (root) => void execFileSync('git', ['init', '-q', join(root, 'vendor', 'lib')]) });
    const output = await run(`git -C vendor/lib config core.fsmonitor ${fsmonitor()}; mv vendor/lib/.git vendor/lib/.git-old; echo '#!/bin/sh' > vendor/lib/.git/hooks/pre-commit; true`);
    assert.match(output, /Read-only file system|Device or resource busy/);
    await endTask();
    assert.ok(existsSync(join(repo.root, 'vendor', 'lib', '.git', 'HEAD')) && !existsSync(join(repo.root, 'vendor', 'lib', '.git-old')));
    usersGit(join(repo.root, 'vendor', 'lib'), 'status');
    assert.ok(!existsSync(marker));
  });

  it('tells a repository moved aside from one made at its old path: the new one is undone, the user\'s is kept', async () => {
    const { run, repo, endTask } = await start({ prepare: async (root) => void execFileSync('git', ['init', '-q', join(root, 'lib')]) });
    const output = await run(`mv lib lib.old && git init -q lib && git -C lib config core.fsmonitor ${fsmonitor()}; true`);
    assert.match(output, /undid writes by sandboxed processes to lib\/\.git/);
    assert.doesNotMatch(output, /lib\.old/);
    await endTask();
    assert.ok(existsSync(join(repo.root, 'lib.old', '.git', 'HEAD')), "the user's repository was moved away");
    usersGit(join(repo.root, 'lib'), 'status');
    assert.ok(!existsSync(marker));
  });

  it('undoes a bare repository laid out in a subfolder, and a link to a repository hidden under node_modules', async () => {
    const { run, repo, endTask } = await start();
    const bare = `mkdir -p src/objects src/refs/heads && echo 'ref: refs/heads/main' > src/HEAD && printf '[core]\\n\\tbare = false\\n\\tworktree = .\\n\\tfsmonitor = ${fsmonitor().replace(/"/g, '\\\\"')}\\n' > src/config`;
    const hidden = `git init -q node_modules/.x/lib && git -C node_modules/.x/lib config core.fsmonitor ${fsmonitor()} && ln -s node_modules/.x/lib lib`;
    const output = await run(`${bare}; ${hidden}; true`);
    assert.match(output, /undid writes by sandboxed processes to .*lib.*src\/HEAD|undid writes by sandboxed processes to .*src\/HEAD/);
    await endTask();
    usersGit(join(repo.root, 'src'), 'status');
    if (existsSync(join(repo.root, 'lib'))) usersGit(join(repo.root, 'lib'), 'status');
    assert.ok(!existsSync(join(repo.root, 'lib')), 'the link to the hidden repository is still there');
    assert.ok(!existsSync(marker));
  });

  it('finds, by the end of the task, a repository hidden behind thousands of padding folders', async () => {
    const { run, repo, endTask } = await start();
    await run(`mkdir -p p && (cd p && seq 1 4100 | xargs mkdir) && git init -q zz/lib && git -C zz/lib config core.fsmonitor ${fsmonitor()}; true`);
    await endTask();
    assert.ok(!existsSync(join(repo.root, 'zz', 'lib', '.git')), 'the padded repository survived the task');
    usersGit(join(repo.root, 'zz', 'lib'), 'status');
    assert.ok(!existsSync(marker));
  });

  it('keeps a .git file (a worktree or a separate git folder) pointing where it pointed', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'loupe-gitdir-'));
    try {
      const { run, repo, endTask } = await start({ prepare: async (root) => void execFileSync('git', ['init', '-q', `--separate-git-dir=${join(outside, 'g')}`, root]) });
      const before = await readFile(join(repo.root, '.git'), 'utf8');
      const output = await run(`git init -q --bare .cache/g && git --git-dir=.cache/g config core.bare false && git --git-dir=.cache/g config core.fsmonitor ${fsmonitor()}; printf 'gitdir: .cache/g\\n' > .git.new && mv -f .git.new .git; printf 'gitdir: .cache/g\\n' > .git; true`);
      assert.match(output, /Read-only file system|Device or resource busy/);
      await endTask();
      assert.equal(await readFile(join(repo.root, '.git'), 'utf8'), before);
      usersGit(repo.root, 'status');
      assert.ok(!existsSync(marker));
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('undoes a planted folder that the command made read-only, and an entry in a workspace it made read-only', async () => {
    const { run, repo, endTask } = await start();
    const locked = await run(`mkdir .vscode && printf '{"tasks":[{"runOptions":{"runOn":"folderOpen"}}]}' > .vscode/tasks.json && chmod 555 .vscode; echo X=1 > .env.local; chmod 555 .; true`);
    assert.match(locked, /undid writes by sandboxed processes to \.env\.local, \.vscode/);
    assert.doesNotMatch(locked, /could NOT undo/);
    await endTask();
    assert.ok(!existsSync(join(repo.root, '.vscode')) && !existsSync(join(repo.root, '.env.local')));
    execFileSync('chmod', ['755', repo.root]);
  });

  it('undoes a planted folder even under quarantine names made ready in advance, and a protected name too long to keep beside itself', async () => {
    const { run, repo, endTask } = await start();
    const stamp = (offset: number) => new Date(Date.now() + offset * 1000).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const decoys = Array.from({ length: 20 }, (_, second) => [0, 1, 2, 3].map((index) => `.loupe-quarantined-${stamp(second)}-${index}-.vscode/keep`)).flat();
    const longName = `.env.${'x'.repeat(240)}`;
    const output = await run(`mkdir -p ${decoys.join(' ')}; mkdir .vscode && echo '{}' > .vscode/tasks.json; echo X=1 > ${longName}; true`);
    assert.match(output, /undid writes by sandboxed processes to .*\.vscode/);
    assert.doesNotMatch(output, /could NOT undo/);
    await endTask();
    assert.ok(!existsSync(join(repo.root, '.vscode')) && !existsSync(join(repo.root, longName)));
  });

  it('undoes what was planted in a workspace the command made unreadable (chmod 600 .)', async () => {
    const { run, repo, endTask } = await start();
    const output = await run(`python3 -c "
import os
os.makedirs('.vscode'); open('.vscode/tasks.json', 'w').write('{}')
os.system('git init -q tools')
os.chmod('.', 0o600)
"; true`);
    assert.doesNotMatch(output, /could NOT undo/);
    await endTask();
    assert.ok((statSync(repo.root).mode & 0o700) === 0o700, 'the owner\'s permissions were given back');
    assert.ok(!existsSync(join(repo.root, '.vscode')) && !existsSync(join(repo.root, 'tools', '.git')));
  });

  it('keeps at most 200 MB of undone files in the quarantine; the rest stays renamed in place (sparse files cannot fill the disk)', async () => {
    const { run, repo, endTask, home } = await start();
    await run('for i in $(seq 1 12); do truncate -s 49M .env.big$i; done; true');
    await endTask();
    const quarantine = join(home.path, '.cache', 'loupe', 'quarantine');
    const used = Number(execFileSync('du', ['-sb', quarantine], { encoding: 'utf8' }).split('\t')[0]);
    assert.ok(used <= 200 * 1024 * 1024, `the quarantine holds ${used} bytes`);
    assert.equal(readdirSync(repo.root).filter((name) => name.startsWith('.env.big')).length, 0);
  });

  it('undoes a planted folder thousands of levels deep, keeping it beside itself where it cannot be moved on', async () => {
    const { run, repo, endTask } = await start();
    const output = await run(`python3 -c "
import os
os.mkdir('stage'); open('stage/tasks.json', 'w').write('{}'); os.chdir('stage')
for _ in range(3000):
    os.mkdir('d'); os.chdir('d')
" && mv stage .vscode; true`);
    assert.match(output, /undid writes by sandboxed processes to \.vscode \(what was there is kept: \.vscode → \.loupe-quarantined-[^ ]+-\.vscode\)/);
    await endTask();
    assert.ok(!existsSync(join(repo.root, '.vscode')));
    // Node's rm cannot remove a tree deeper than PATH_MAX; coreutils' can.
    execFileSync('sh', ['-c', 'rm -rf .loupe-quarantined-*'], { cwd: repo.root });
  });

  it('stops the sandbox, and Loupe lives on and undoes what was planted, when a command floods the control channel', async () => {
    const { run, repo, endTask } = await start();
    // pidfd_getfd takes the launcher's stdout (PID 2 in the sandbox, the same user) and writes one endless line.
    const output = await run(`mkdir -p .vscode && echo '{}' > .vscode/tasks.json; python3 -c "
import ctypes, os, select
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.syscall(438, libc.syscall(434, 2, 0), 1, 0)
assert fd >= 0, ctypes.get_errno()
chunk = memoryview(b'A' * (1 << 20))
for _ in range(64):
    view = chunk
    while view:
        select.select([], [fd], [])
        try: view = view[os.write(fd, view):]
        except BlockingIOError: pass
"; sleep 30`);
    assert.match(output, /The shell was killed/);
    assert.match(output, /undid writes by sandboxed processes to \.vscode/);
    assert.match(await run('echo still here'), /sandbox/i, 'a command after the flood must not run as if nothing happened');
    await endTask();
    assert.ok(!existsSync(join(repo.root, '.vscode')), 'the planted tasks.json survived');
  });
});
