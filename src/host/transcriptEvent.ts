// The one place an agent event becomes a transcript event (src/shared/transcriptEvents.ts), the
// panel's and the saved file's format. The same shapes today: this stops compiling the day the
// agent's events and the transcript's part ways, and the mapping is then written here.
import type { AgentEvent } from '../agent/events';
import type { TranscriptEvent } from '../shared/transcriptEvents';

export function toTranscriptEvent(event: AgentEvent): TranscriptEvent {
  return event;
}
