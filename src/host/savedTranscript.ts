// The shape of the transcript saved for after a window reload. Screenshots are the bulk of a long
// session and never change once shown, so each is saved once as its own image file and the JSON
// (written every few seconds while a task runs) names it instead of carrying its base64 again.
import type { TranscriptEvent } from '../shared/transcriptEvents';
import type { HostMessage } from '../shared/protocol';

type ScreenshotEvent = Extract<TranscriptEvent, { type: 'screenshot' }>;

/** What is written as JSON: the log's messages, each screenshot's data replaced by its file's name. */
export interface SavedTranscript {
  version: 2;
  messages: unknown[];
}

/** A screenshot's image, to be written under `name` before the JSON that refers to it. */
export interface SavedImage {
  name: string;
  event: ScreenshotEvent;
}

/** A saved screenshot entry: the event without its data, and where the data is. */
interface SavedScreenshotMessage {
  type: 'event';
  event: Omit<ScreenshotEvent, 'dataBase64'> & { dataBase64: ''; file: string };
}

/**
 * The JSON to save for `messages` and the images it refers to. `nameOf` gives a screenshot its
 * file name; it is asked for the same event on every save, so it should give the same name.
 */
export function toSavedTranscript(messages: readonly HostMessage[], nameOf: (event: ScreenshotEvent) => string): { saved: SavedTranscript; images: SavedImage[] } {
  const images: SavedImage[] = [];
  const saved = messages.map((message): unknown => {
    if (message.type !== 'event' || message.event.type !== 'screenshot') return message;
    const name = nameOf(message.event);
    images.push({ name, event: message.event });
    const entry: SavedScreenshotMessage = { type: 'event', event: { ...message.event, dataBase64: '', file: name } };
    return entry;
  });
  return { saved: { version: 2, messages: saved }, images };
}

/**
 * The messages of a saved transcript, each screenshot's data read back with `read` (undefined: the
 * file is gone, and that screenshot is left out); `restoredAs` hears which file each one came from.
 * A transcript saved before screenshots had files (a plain array) is taken as it is. Anything else
 * is not a transcript: nothing is restored.
 */
export async function fromSavedTranscript(saved: unknown, read: (name: string) => Promise<string | undefined>, restoredAs?: (event: ScreenshotEvent, name: string) => void): Promise<unknown[]> {
  if (Array.isArray(saved)) return saved;
  if (typeof saved !== 'object' || saved === null) return [];
  const { version, messages } = saved as { version?: unknown; messages?: unknown };
  if (version !== 2 || !Array.isArray(messages)) return [];
  const restored: unknown[] = [];
  for (const message of messages) {
    if (!isScreenshotMessage(message)) {
      restored.push(message);
      continue;
    }
    const file = savedFileName(message.event.file);
    if (file === undefined) continue;
    const dataBase64 = await read(file);
    if (dataBase64 === undefined) continue;
    const { file: _file, ...rest } = message.event;
    const event = { ...rest, dataBase64 } as ScreenshotEvent;
    restoredAs?.(event, file);
    restored.push({ type: 'event', event });
  }
  return restored;
}

function isScreenshotMessage(message: unknown): message is { type: 'event'; event: { type: 'screenshot'; file?: unknown } } {
  if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'event') return false;
  const event = (message as { event?: unknown }).event;
  return typeof event === 'object' && event !== null && (event as { type?: unknown }).type === 'screenshot';
}

/** The file is read from Loupe's own folder by this name, so only a plain name is taken (no separators, no ".."). */
function savedFileName(file: unknown): string | undefined {
  return typeof file === 'string' && /^[\w.-]+$/.test(file) && !file.includes('..') ? file : undefined;
}
