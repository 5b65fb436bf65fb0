// Where the CLI's best-of-N keeps its copies: in the user's cache, never in the folder it was started
// in. An empty XDG_CACHE_HOME (an `export XDG_CACHE_HOME=` in a shell profile) was taken as given, so
// the copies, and the run's `rm -rf` of them, were in the user's own folder. Real attempts against the
// Messages-API test server, real copies, the real file system.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheHome } from '../../src/agent/cacheHome';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { runAttempts } from '../../src/cli/cliAttempts';
import { parseCliArgs } from '../../src/cli/cliArgs';
import { NEVER_ASKED } from '../support/approvers';
import { reply, startMessagesApiServer, type MessagesApiServer } from '../support/messagesApiServer';
import { createTempRepo, treeBytes, type TempRepo } from '../support/tempRepo';

describe('best-of-N storage in the CLI', function () {
  this.timeout(120_000);
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;
  let home: string | undefined;
  const saved = { cwd: process.cwd(), cache: process.env.XDG_CACHE_HOME, home: process.env.HOME };

  afterEach(async () => {
    process.chdir(saved.cwd);
    if (saved.cache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved.cache;
    process.env.HOME = saved.home;
    await server?.close();
    await repo?.remove();
    if (home) await rm(home, { recursive: true, force: true });
    server = repo = home = undefined;
  });

  it('ignores an empty or relative XDG_CACHE_HOME, as the XDG spec asks', () => {
    assert.equal(cacheHome({ XDG_CACHE_HOME: '/c' }, '/h'), '/c');
    for (const given of ['', 'cache', './c']) assert.equal(cacheHome({ XDG_CACHE_HOME: given }, '/h'), '/h/.cache', JSON.stringify(given));
    assert.equal(cacheHome({}, '/h'), '/h/.cache');
  });

  it('with XDG_CACHE_HOME empty, keeps the copies out of the folder it runs in', async () => {
    server = await startMessagesApiServer([reply.text('Nothing to do.'), reply.text('Nothing to do.')]);
    repo = await createTempRepo({ 'a.txt': 'one\n' }, { git: false });
    home = await mkdtemp(join(tmpdir(), 'loupe-home-'));
    const before = await treeBytes(repo.root);
    process.chdir(repo.root);
    process.env.XDG_CACHE_HOME = '';
    // The default cache is then ~/.cache: a throwaway home's, not the developer's.
    process.env.HOME = home;
    const parsed = parseCliArgs(['run', 'do nothing', '--attempts', '2', '--sandbox', 'off', '--check', 'true'], repo.root);
    assert.equal(parsed.kind, 'run');
    const lines: string[] = [];
    const { report } = await runAttempts(parsed.kind === 'run' ? parsed.args : assert.fail(), { apiKey: 'k', baseURL: server.url, workspace: await FileSystemWorkspace.open(repo.root), approver: NEVER_ASKED, policy: { allowedEditGlobs: [], allowedCommands: [], approveAll: false }, signal: new AbortController().signal, say: (line) => lines.push(line) });
    assert.equal(report.attempts.length, 2);
    for (const record of report.attempts) assert.ok(!record.folder.startsWith(repo.root) && record.folder.startsWith('/'), `attempt ${record.attempt} ran in ${record.folder}`);
    for (const record of report.attempts) assert.ok(record.folder.startsWith(join(home, '.cache', 'loupe-attempts-')), record.folder);
    assert.deepEqual(await treeBytes(repo.root), before, 'the folder is as it was');
  });
});
