// The transcript saved for after a window reload (src/host/transcriptStore.ts), through VS Code's
// file system API: each screenshot once as an image file, the JSON naming it, old images deleted.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TranscriptStore } from '../../src/host/transcriptStore';
import type { HostMessage } from '../../src/shared/protocol';

// Two 1x1 PNGs, as the model was sent them.
const RED = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const BLUE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPj/HwADBwIAMCbHYQAAAABJRU5ErkJggg==';

const started: HostMessage = { type: 'session-started', task: 'Check the page', model: 'claude-sonnet-5-5' };
const shot = (id: string, dataBase64: string): HostMessage => ({ type: 'event', event: { type: 'screenshot', id, mediaType: 'image/png', width: 1, height: 1, dataBase64 } });
const text = (value: string): HostMessage => ({ type: 'event', event: { type: 'text_delta', text: value } });

describe('TranscriptStore', () => {
  let storage: string;
  const imagesIn = async () => (await readdir(join(storage, 'transcript-screenshots'))).sort();

  beforeEach(async () => {
    storage = await mkdtemp(join(tmpdir(), 'loupe-transcript-'));
  });
  afterEach(async () => {
    await rm(storage, { recursive: true, force: true });
  });

  it('writes each screenshot once as its image, keeps its data out of the JSON, and reads the same messages back in a new window', async () => {
    const store = new TranscriptStore(vscode.Uri.file(storage));
    const first = shot('toolu_1', RED);
    const messages = [started, first, text('Looks right.'), shot('toolu_2', BLUE)];
    await store.save(messages);
    const images = await imagesIn();
    assert.equal(images.length, 2);
    const bytes = await Promise.all(images.map((name) => readFile(join(storage, 'transcript-screenshots', name))));
    assert.deepEqual(bytes.map((image) => image.toString('base64')).sort(), [RED, BLUE].sort());
    const json = await readFile(join(storage, 'last-transcript.json'), 'utf8');
    assert.ok(!json.includes(RED) && !json.includes(BLUE), 'the JSON carries no screenshot data');
    assert.match(json, /Looks right\./);

    // Saved again (every few seconds while a task runs): a screenshot already written is not written again.
    const firstFile = join(storage, 'transcript-screenshots', images.find((_, index) => bytes[index]!.toString('base64') === RED)!);
    await writeFile(firstFile, 'marker');
    await store.save([...messages, text(' Done.')]);
    assert.equal(await readFile(firstFile, 'utf8'), 'marker');
    await writeFile(firstFile, Buffer.from(RED, 'base64'));

    const restored = await new TranscriptStore(vscode.Uri.file(storage)).load();
    assert.deepEqual(restored, [...messages, text(' Done.')]);
  });

  it('deletes the images of screenshots the log no longer keeps, and those an earlier window left behind', async () => {
    const folder = join(storage, 'transcript-screenshots');
    const store = new TranscriptStore(vscode.Uri.file(storage));
    await store.save([started]);
    await writeFile(join(folder, 'left-by-an-earlier-window.png'), Buffer.from(RED, 'base64'));
    const restarted = new TranscriptStore(vscode.Uri.file(storage));
    const kept = shot('toolu_kept', BLUE);
    await restarted.save([started, shot('toolu_dropped', RED), kept]);
    assert.equal((await imagesIn()).length, 2, 'the earlier window\'s file is gone and both screenshots are written');
    await restarted.save([started, kept]);
    const [only] = await imagesIn();
    assert.equal((await imagesIn()).length, 1);
    assert.equal((await readFile(join(folder, only!))).toString('base64'), BLUE);
  });

  it('restores nothing when nothing was saved, and leaves out a screenshot whose image was deleted', async () => {
    assert.equal(await new TranscriptStore(vscode.Uri.file(storage)).load(), undefined);
    await new TranscriptStore(vscode.Uri.file(storage)).save([started, shot('toolu_1', RED), text('after')]);
    for (const name of await imagesIn()) await rm(join(storage, 'transcript-screenshots', name));
    assert.deepEqual(await new TranscriptStore(vscode.Uri.file(storage)).load(), [started, text('after')]);
  });
});
