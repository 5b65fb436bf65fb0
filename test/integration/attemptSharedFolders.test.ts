// An attempt's copy links to the user's installed dependencies instead of copying them
// (attemptCopies.ts). In the attempt's real sandbox they must be readable (the project's tests load
// them) and never writable (an attempt steered into "fixing" a library would change the user's). The
// user's folder is under /tmp here, the case where the sandbox's own empty /tmp hid the link's target.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeAttemptCopy, type AttemptCopy } from '../../src/agent/attempts/attemptCopies';
import { runCheck } from '../../src/agent/attempts/verification';
import { startTaskProcesses, type TaskProcesses } from '../../src/agent/sandbox/taskSandbox';
import { NEVER_ASKED } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

const LIBRARY = 'module.exports = () => "from the shared library";\n';

describe('best-of-N: shared dependency folders in the attempt sandbox', function () {
  this.timeout(120_000);
  let repo: TempRepo | undefined;
  let storage: string | undefined;
  let copy: AttemptCopy | undefined;
  let started: TaskProcesses | undefined;

  beforeEach(async () => {
    repo = await createTempRepo({ '.gitignore': 'node_modules/\n', 'index.js': "console.log(require('shared-lib')());\n" });
    assert.ok(repo.root.startsWith('/tmp/'), `the case under test needs the user's folder under /tmp, not ${repo.root}`);
    await mkdir(join(repo.root, 'node_modules/shared-lib'), { recursive: true });
    await writeFile(join(repo.root, 'node_modules/shared-lib/index.js'), LIBRARY);
    storage = await mkdtemp(join(tmpdir(), 'loupe-attempts-'));
    copy = await makeAttemptCopy(repo.root, join(storage, 'attempt-1'));
  });

  afterEach(async () => {
    await started?.host.dispose();
    await copy?.remove();
    await repo?.remove();
    if (storage) await rm(storage, { recursive: true, force: true });
    repo = storage = copy = started = undefined;
  });

  const sandbox = async (sharedFolders: string[]) => {
    started = await startTaskProcesses({ workspace: copy!.folder, settings: { mode: 'on', allowedDomains: [], writablePaths: [], protectedPaths: [] }, approver: NEVER_ASKED, sharedFolders });
    assert.equal(started.status.kind, 'sandboxed', started.status.summary);
    return started.host;
  };
  const run = (command: string, host: TaskProcesses['host']) => runCheck(command, copy!.folder, host, new AbortController().signal);

  it('links node_modules instead of copying it, and names it', () => {
    assert.deepEqual(copy!.shared, [{ path: 'node_modules', source: join(repo!.root, 'node_modules') }]);
  });

  it("loads the user's dependencies through the link", async () => {
    const host = await sandbox(copy!.shared.map((folder) => folder.source));
    const loaded = await run('node index.js', host);
    assert.equal(loaded.passed, true, loaded.output);
    assert.match(loaded.output, /from the shared library/);
  });

  it('without them named, the link points into the emptied /tmp (why the sandbox is told)', async () => {
    const host = await sandbox([]);
    const loaded = await run('node index.js', host);
    assert.equal(loaded.passed, false, loaded.output);
    assert.match(loaded.output, /Cannot find module 'shared-lib'/);
  });

  it("cannot change the user's dependencies: not a file in them, not a new one, not the folder", async () => {
    const host = await sandbox(copy!.shared.map((folder) => folder.source));
    for (const command of ['echo "module.exports = () => 1" > node_modules/shared-lib/index.js', 'touch node_modules/planted.js', 'rm -rf node_modules/shared-lib']) {
      const attempt = await run(command, host);
      assert.equal(attempt.passed, false, `${command} was allowed: ${attempt.output}`);
      assert.match(attempt.output, /Read-only file system/, command);
    }
    assert.equal(await readFile(join(repo!.root, 'node_modules/shared-lib/index.js'), 'utf8'), LIBRARY);
  });
});
