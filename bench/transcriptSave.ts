// What saving the panel's transcript costs while a task runs (it is saved every few seconds, on the
// extension host's thread): Loupe's save, which names each screenshot's image file and writes its
// data once, against the baseline measured in the same run, the whole log as one JSON with every
// screenshot's base64 in it each time. Measured: the time to build the bytes of one save and their
// size, late in a session that took many screenshots.
import { randomBytes } from 'node:crypto';
import { toSavedTranscript } from '../src/host/savedTranscript';
import { TranscriptLog } from '../src/host/transcriptLog';
import { median } from './stats';

/** A screenshot-heavy session: this many screenshots of about 250 KB each (a 1024 px PNG of an app), text between; within the log's bound. */
const SCREENSHOTS = Number(process.env.LOUPE_BENCH_SCREENSHOTS ?? 30);
const SCREENSHOT_BYTES = 250_000;
const ROUNDS = Number(process.env.LOUPE_BENCH_ROUNDS ?? 15);

function sessionLog(): TranscriptLog {
  const log = new TranscriptLog();
  log.record({ type: 'session-started', task: 'Check the settings page', model: 'claude-sonnet-5-5' });
  for (let index = 0; index < SCREENSHOTS; index++) {
    log.record({ type: 'event', event: { type: 'text_delta', text: `Step ${index}: the page shows the form. `.repeat(20) } });
    log.record({ type: 'event', event: { type: 'screenshot', id: `toolu_${index}`, mediaType: 'image/png', width: 1024, height: 640, dataBase64: randomBytes(SCREENSHOT_BYTES).toString('base64') } });
  }
  return log;
}

function measure(save: () => Uint8Array): { ms: number; bytes: number } {
  const times: number[] = [];
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    bytes = save().length;
    times.push(performance.now() - started);
  }
  return { ms: median(times), bytes };
}

const log = sessionLog();
const kept = log.messages().filter((message) => message.type === 'event' && message.event.type === 'screenshot').length;
if (kept !== SCREENSHOTS) throw new Error(`The log kept ${kept} of ${SCREENSHOTS} screenshots: lower LOUPE_BENCH_SCREENSHOTS to stay within its bound.`);
const encoder = new TextEncoder();
// As Loupe's store names them: once per event, the same name on every save.
const names = new WeakMap<object, string>();
const nameOf = (event: object): string => {
  if (!names.has(event)) names.set(event, `shot-${randomBytes(4).toString('hex')}.png`);
  return names.get(event)!;
};
const baseline = measure(() => encoder.encode(JSON.stringify(log.messages())));
const shipped = measure(() => encoder.encode(JSON.stringify(toSavedTranscript(log.messages(), nameOf).saved)));

console.log(`\nSaving the transcript mid-task: ${SCREENSHOTS} screenshots of ${(SCREENSHOT_BYTES / 1000).toFixed(0)} KB (median of ${ROUNDS} saves)`);
console.log('| measure | whole log as JSON | Loupe | baseline / Loupe |');
console.log('| --- | --- | --- | --- |');
console.log(`| main-thread time per save (ms) | ${baseline.ms.toFixed(2)} | ${shipped.ms.toFixed(2)} | ${(baseline.ms / shipped.ms).toFixed(0)}x |`);
console.log(`| bytes written per save | ${baseline.bytes.toLocaleString('en-US')} | ${shipped.bytes.toLocaleString('en-US')} | ${(baseline.bytes / shipped.bytes).toFixed(0)}x |`);
console.log('Each screenshot\'s image is written once, when it is first saved, not on every save.');
