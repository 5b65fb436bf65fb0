// One wording for a compaction, so the terminal transcript and the panel say the same thing.
// Pure text: the webview bundle imports it too.
import type { TranscriptEvent } from './transcriptEvents';

type Compacted = Extract<TranscriptEvent, { type: 'compacted' }>;

export function describeCompaction(event: Compacted): string {
  if (event.by === 'server') {
    return `Compacted on the server (${event.reason}): the API summarised the ${event.summarisedMessages} earlier messages; Loupe keeps its summary and the ${event.keptMessages} messages since.`;
  }
  return `Compacted the conversation (${event.reason}): the model summarised ${event.summarisedMessages} earlier messages; the last ${event.keptMessages} are kept as they were.`;
}
