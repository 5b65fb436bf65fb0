// What the panel draws and the saved transcript holds: the events of a session as the page reads
// them. Declared here, not borrowed from the agent, so the page and the format of a saved file change
// only by a change to this file. The host hands the agent's events on through toTranscriptEvent
// (src/host/transcriptEvent.ts), which stops compiling when the two part ways.

export interface PlanItem {
  step: string;
  status: 'pending' | 'in_progress' | 'done';
}

/** A point on a screenshot, in its pixels. */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** The user's word on a proposed change, as the transcript records it. */
export type DecisionRecord =
  | { kind: 'accept' }
  | { kind: 'reject'; reason?: string }
  | { kind: 'partial'; acceptedHunks: number[]; reason?: string };

/** One request's tokens and cost. */
export interface UsageRecord {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export type SessionOutcome =
  | { kind: 'completed'; finalText: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'max_steps'; steps: number }
  | { kind: 'cancelled' }
  | { kind: 'cost_cap'; costUsd: number; capUsd: number }
  | { kind: 'refused'; reason: string };

export type TranscriptEvent =
  | { type: 'turn_start'; step: number; model: string }
  /** A retried request's partial output is thrown away. */
  | { type: 'turn_retry'; step: number; attempt: number; delayMs: number; reason: string }
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; text: string }
  | { type: 'tool_call'; id: string; name: string; input: unknown }
  | { type: 'tool_output'; id: string; chunk: string }
  | { type: 'tool_result'; id: string; name: string; isError: boolean; summary: string; exitCode?: number | null; confinement?: 'sandboxed' | 'unconfined' }
  | { type: 'change_decided'; path: string; decision: DecisionRecord }
  /** The hunks now in the file (unified-diff header and lines). */
  | { type: 'change_applied'; path: string; created: boolean; hunks: Array<{ header: string; lines: string[] }> }
  | { type: 'plan'; items: PlanItem[] }
  /** The workspace before the call `toolUseId`; restoring `id` undoes that call and all after it. */
  | { type: 'checkpoint'; id: string; label: string; toolUseId: string }
  /** A mouse or keyboard action; `point` is in screenshot space, for a marker on the thumbnail. */
  | { type: 'computer_action'; id: string; action: string; point?: ScreenPoint; target: 'virtual' | 'desktop' }
  | { type: 'screenshot'; id: string; mediaType: 'image/png' | 'image/jpeg'; width: number; height: number; dataBase64: string }
  | { type: 'usage'; usage: UsageRecord; sessionCostUsd: number }
  /** Older turns were summarised, by Loupe's own request (`client`) or by the API (`server`). */
  | { type: 'compacted'; by: 'client' | 'server'; reason: string; summarisedMessages: number; keptMessages: number }
  | { type: 'notice'; message: string }
  | { type: 'error'; message: string }
  | { type: 'done'; outcome: SessionOutcome };
