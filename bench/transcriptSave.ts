// What saving the panel's transcript costs while a task runs (it is saved every few seconds, on the
// extension host's thread): Loupe's save, which writes each screenshot once as its own image file and
// a JSON that names it, against the baseline measured in the same run, the whole log written as one
// JSON with every screenshot's base64 in it each time. Measured late in a screenshot-heavy session:
// each round adds a step (text and a new screenshot) and both save the same log, to disk.
// The product's TranscriptStore (src/host/transcriptStore.ts) writes through vscode.workspace.fs, which
// needs VS Code; `saveLikeTranscriptStore` below makes the same writes in the same order with node:fs.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../src/agent/events';
import { toSavedTranscript } from '../src/host/savedTranscript';
import { TranscriptLog } from '../src/host/transcriptLog';
import type { HostMessage } from '../src/shared/protocol';
import { median } from './stats';

type ScreenshotEvent = Extract<AgentEvent, { type: 'screenshot' }>;

/** A screenshot-heavy session: this many screenshots of about 250 KB each (a 1024 px PNG of an app), text between; within the log's bound. */
const SCREENSHOTS = Number(process.env.LOUPE_BENCH_SCREENSHOTS ?? 30);
const SCREENSHOT_BYTES = 250_000;
const ROUNDS = Number(process.env.LOUPE_BENCH_ROUNDS ?? 15);

let steps = 0;
function addStep(log: TranscriptLog): void {
  const index = steps++;
  log.record({ type: 'event', event: { type: 'text_delta', text: `Step ${index}: the page shows the form. `.repeat(20) } });
  log.record({ type: 'event', event: { type: 'screenshot', id: `toolu_${index}`, mediaType: 'image/png', width: 1024, height: 640, dataBase64: randomBytes(SCREENSHOT_BYTES).toString('base64') } });
}

interface SaveResult {
  /** Time until every write of the save is done. */
  wallMs: number;
  /** Synchronous time on the calling thread (building the bytes, decoding base64), which blocks the extension host. */
  threadMs: number;
  bytesWritten: number;
}

/** TranscriptStore.save's writes with node:fs: new screenshots first, then the JSON naming them, then the files no longer referred to. */
class NodeFsTranscriptStore {
  private readonly _names = new WeakMap<ScreenshotEvent, string>();
  private _nextName = 0;
  private readonly _written = new Set<string>();
  private _foldersMade = false;
  deleted = 0;

  constructor(private readonly _storage: string) {}

  async save(messages: readonly HostMessage[]): Promise<SaveResult> {
    const started = performance.now();
    let threadMs = 0;
    let bytesWritten = 0;
    const images = join(this._storage, 'transcript-screenshots');
    if (!this._foldersMade) {
      await mkdir(images, { recursive: true });
      for (const name of await readdir(images)) this._written.add(name);
      this._foldersMade = true;
    }
    let synchronous = performance.now();
    const { saved, images: referred } = toSavedTranscript(messages, (event) => this._nameOf(event));
    threadMs += performance.now() - synchronous;
    for (const { name, event } of referred) {
      if (this._written.has(name)) continue;
      synchronous = performance.now();
      const bytes = Buffer.from(event.dataBase64, 'base64');
      threadMs += performance.now() - synchronous;
      await writeFile(join(images, name), bytes);
      bytesWritten += bytes.length;
      this._written.add(name);
    }
    synchronous = performance.now();
    const json = new TextEncoder().encode(JSON.stringify(saved));
    threadMs += performance.now() - synchronous;
    await writeFile(join(this._storage, 'last-transcript.json'), json);
    bytesWritten += json.length;
    const kept = new Set(referred.map((image) => image.name));
    for (const name of [...this._written]) {
      if (kept.has(name)) continue;
      this._written.delete(name);
      await unlink(join(images, name)).catch(() => undefined);
      this.deleted++;
    }
    return { wallMs: performance.now() - started, threadMs, bytesWritten };
  }

  private _nameOf(event: ScreenshotEvent): string {
    let name = this._names.get(event);
    if (!name) {
      name = `${Date.now().toString(36)}-${(this._nextName++).toString(36)}.png`;
      this._names.set(event, name);
    }
    return name;
  }
}

/** The baseline: the whole log, screenshots' base64 included, as one JSON file on every save. */
async function saveWholeLog(file: string, messages: readonly HostMessage[]): Promise<SaveResult> {
  const started = performance.now();
  const json = new TextEncoder().encode(JSON.stringify(messages));
  const threadMs = performance.now() - started;
  await writeFile(file, json);
  return { wallMs: performance.now() - started, threadMs, bytesWritten: json.length };
}

function summary(results: SaveResult[]): SaveResult {
  return { wallMs: median(results.map((r) => r.wallMs)), threadMs: median(results.map((r) => r.threadMs)), bytesWritten: median(results.map((r) => r.bytesWritten)) };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-save-'));
  try {
    const log = new TranscriptLog();
    log.record({ type: 'session-started', task: 'Check the settings page', model: 'claude-sonnet-5-5' });
    for (let index = 0; index < SCREENSHOTS; index++) addStep(log);
    const kept = log.messages().filter((message) => message.type === 'event' && message.event.type === 'screenshot').length;
    if (kept !== SCREENSHOTS) throw new Error(`The log kept ${kept} of ${SCREENSHOTS} screenshots: lower LOUPE_BENCH_SCREENSHOTS to stay within its bound.`);
    const store = new NodeFsTranscriptStore(join(dir, 'loupe'));
    const wholeLogFile = join(dir, 'whole-log.json');
    // The session so far was saved before: the measured saves are the ones late in the task.
    await store.save(log.messages());
    await saveWholeLog(wholeLogFile, log.messages());
    const baseline: SaveResult[] = [];
    const loupe: SaveResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      addStep(log);
      const messages = log.messages();
      // Alternate which goes first, so neither always meets a page cache the other just filled.
      if (round % 2 === 0) {
        baseline.push(await saveWholeLog(wholeLogFile, messages));
        loupe.push(await store.save(messages));
      } else {
        loupe.push(await store.save(messages));
        baseline.push(await saveWholeLog(wholeLogFile, messages));
      }
    }
    const screenshotsAtEnd = log.messages().filter((message) => message.type === 'event' && message.event.type === 'screenshot').length;
    const b = summary(baseline);
    const l = summary(loupe);
    console.log(`\nSaving the transcript mid-task, to disk: ${ROUNDS} saves, each after a new step with a ${(SCREENSHOT_BYTES / 1000).toFixed(0)} KB screenshot, from ${SCREENSHOTS} to ${screenshotsAtEnd} screenshots kept (medians; Loupe's writes made with node:fs as TranscriptStore makes them with vscode.workspace.fs)`);
    console.log('| measure | whole log as JSON | Loupe | baseline / Loupe |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| time per save, until written (ms) | ${b.wallMs.toFixed(2)} | ${l.wallMs.toFixed(2)} | ${(b.wallMs / l.wallMs).toFixed(1)}x |`);
    console.log(`| of which on the calling thread (ms) | ${b.threadMs.toFixed(2)} | ${l.threadMs.toFixed(2)} | ${(b.threadMs / l.threadMs).toFixed(1)}x |`);
    console.log(`| bytes written per save | ${b.bytesWritten.toLocaleString('en-US')} | ${l.bytesWritten.toLocaleString('en-US')} | ${(b.bytesWritten / l.bytesWritten).toFixed(1)}x |`);
    console.log(`Loupe writes each new screenshot's image once (the ${(SCREENSHOT_BYTES / 1000).toFixed(0)} KB above) and deleted ${store.deleted} image files the log had dropped.`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
