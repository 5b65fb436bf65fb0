// The saved transcript's shape: screenshots named by file, read back on restore.
import assert from 'node:assert/strict';
import { fromSavedTranscript, toSavedTranscript } from '../../src/host/savedTranscript';
import type { HostMessage } from '../../src/shared/protocol';
import { panel } from '../support/panelMessages';

const nameOf = (event: { id: string }) => `${event.id}.png`;

describe('savedTranscript', function () {
  it('saves each screenshot as a named image and the JSON without its data, and reads the same messages back', async function () {
    const messages: HostMessage[] = [panel.started(), panel.screenshot('s1', 'QUJD'), panel.text('between'), panel.screenshot('s2', 'REVG'), panel.ended()];
    const { saved, images } = toSavedTranscript(messages, nameOf);
    assert.deepEqual(images.map((image) => [image.name, image.event.dataBase64]), [['s1.png', 'QUJD'], ['s2.png', 'REVG']]);
    const json = JSON.stringify(saved);
    assert.doesNotMatch(json, /QUJD|REVG/);
    assert.match(json, /"file":"s1\.png"/);
    const files = new Map(images.map((image) => [image.name, image.event.dataBase64]));
    const names = new Map<string, string>();
    const restored = await fromSavedTranscript(JSON.parse(json), async (name) => files.get(name), (event, name) => names.set(event.id, name));
    assert.deepEqual(restored, messages);
    assert.deepEqual([...names], [['s1', 's1.png'], ['s2', 's2.png']]);
  });

  it('leaves out a screenshot whose file is gone or whose name is not a plain file name, and keeps the rest', async function () {
    const saved = toSavedTranscript([panel.started(), panel.screenshot('gone', 'QUJD'), panel.screenshot('kept', 'REVG'), panel.text('after')], nameOf).saved;
    const messages = saved.messages as Array<{ event?: { file?: string } }>;
    const escaping = structuredClone(messages[2]!);
    escaping.event!.file = '../../secrets.png';
    messages.push(escaping);
    const asked: string[] = [];
    const restored = await fromSavedTranscript(saved, async (name) => {
      asked.push(name);
      return name === 'kept.png' ? 'REVG' : undefined;
    });
    assert.deepEqual(restored, [panel.started(), panel.screenshot('kept', 'REVG'), panel.text('after')]);
    // The escaping name was never read.
    assert.deepEqual(asked, ['gone.png', 'kept.png']);
  });

  it('takes a transcript saved before screenshots had files (a plain array) as it is, and nothing from anything else', async function () {
    const legacy = [panel.started(), panel.screenshot('s1', 'QUJD')];
    const never = async () => assert.fail('no file is read');
    assert.deepEqual(await fromSavedTranscript(legacy, never), legacy);
    for (const other of [null, 'text', 42, {}, { version: 3, messages: [] }, { version: 2, messages: 'no' }]) {
      assert.deepEqual(await fromSavedTranscript(other, never), [], JSON.stringify(other));
    }
  });
});
