// Checkpoints in a real session: the scripted model edits a file and runs a command that writes
// another; each step that may change files is snapshotted first, and restoring undoes it exactly.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from '../../src/agent/checkpoints';
import type { AgentEvent } from '../../src/agent/events';
import { NEVER_ASKED } from '../support/approvers';
import { reply, startMessagesApiServer, type MessagesApiServer } from '../support/messagesApiServer';
import { createHarness } from '../support/sessionHarness';
import { createTempRepo, FAILING_ADD_PROJECT, type TempRepo } from '../support/tempRepo';

type CheckpointEvent = Extract<AgentEvent, { type: 'checkpoint' }>;

describe('checkpoints during a session', () => {
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;
  let storage: string | undefined;
  afterEach(async () => {
    await server?.close();
    await repo?.remove();
    if (storage) await rm(storage, { recursive: true, force: true });
  });

  it('snapshots before each step that may change files, not before views, and restores a command\'s writes too', async () => {
    repo = await createTempRepo(FAILING_ADD_PROJECT);
    storage = await mkdtemp(join(tmpdir(), 'loupe-storage-'));
    const store = await CheckpointStore.open(repo.root, storage);
    server = await startMessagesApiServer([
      reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' }),
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: 'return a + b;' }),
      reply.toolUse('bash', { command: 'echo generated > out.txt && rm test/add.test.js' }),
      reply.text('Done.'),
    ]);
    const harness = await createHarness({ serverUrl: server.url, root: repo.root, approver: NEVER_ASKED, checkpoints: store });
    const original = await readFile(join(repo.root, 'src/add.js'), 'utf8');
    const originalTest = await readFile(join(repo.root, 'test/add.test.js'), 'utf8');
    assert.deepEqual(await harness.session.send('Fix add'), { kind: 'completed', finalText: 'Done.' });
    await harness.session.dispose();

    const checkpoints = harness.events.filter((event): event is CheckpointEvent => event.type === 'checkpoint');
    assert.deepEqual(checkpoints.map((event) => event.label), ['before edit: str_replace src/add.js', 'before bash: echo generated > out.txt && rm test/add.test.js']);
    const calls = harness.events.filter((event) => event.type === 'tool_call').map((event) => (event as { id: string }).id);
    assert.deepEqual(checkpoints.map((event) => event.toolUseId), calls.slice(1));

    // Back to before the command: the edit stays, the command's file goes, the deleted test returns.
    await store.restore(checkpoints[1]!.id);
    assert.equal(await readFile(join(repo.root, 'src/add.js'), 'utf8'), original.replace('a - b', 'a + b'));
    await assert.rejects(stat(join(repo.root, 'out.txt')), /ENOENT/);
    assert.equal(await readFile(join(repo.root, 'test/add.test.js'), 'utf8'), originalTest);
    // Back to before the edit.
    await store.restore(checkpoints[0]!.id);
    assert.equal(await readFile(join(repo.root, 'src/add.js'), 'utf8'), original);
  });
});
