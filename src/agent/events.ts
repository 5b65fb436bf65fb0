// The typed events the session emits. Renderers (panel, terminal transcript, JSON lines) subscribe;
// the loop itself has no UI code.
import type { Point } from './desktop/desktop';
import type { ChangeDecision } from './ports';
import type { RequestUsage } from './model/usage';

export interface PlanItem {
  step: string;
  status: 'pending' | 'in_progress' | 'done';
}

export type AgentEvent =
  | { type: 'turn_start'; step: number; model: string }
  /** A retried request's partial output must be thrown away by renderers. */
  | { type: 'turn_retry'; step: number; attempt: number; delayMs: number; reason: string }
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; text: string }
  | { type: 'tool_call'; id: string; name: string; input: unknown }
  | { type: 'tool_output'; id: string; chunk: string }
  | { type: 'tool_result'; id: string; name: string; isError: boolean; summary: string; exitCode?: number | null; confinement?: 'sandboxed' | 'unconfined' }
  | { type: 'change_decided'; path: string; decision: ChangeDecision }
  /** A change was written: the hunks now in the file (unified-diff header and lines), for a proof of work. */
  | { type: 'change_applied'; path: string; created: boolean; hunks: Array<{ header: string; lines: string[] }> }
  | { type: 'plan'; items: PlanItem[] }
  /** The workspace was snapshotted before the call `toolUseId`; restoring `id` undoes that call and all after it. */
  | { type: 'checkpoint'; id: string; label: string; toolUseId: string }
  /** A mouse or keyboard action on a display; `point` is in screenshot space, for a marker on the thumbnail. */
  | { type: 'computer_action'; id: string; action: string; point?: Point; target: 'virtual' | 'desktop' }
  /** A screenshot the model was sent, as sent. */
  | { type: 'screenshot'; id: string; mediaType: 'image/png' | 'image/jpeg'; width: number; height: number; dataBase64: string }
  | { type: 'usage'; usage: RequestUsage; sessionCostUsd: number }
  /**
   * Older turns were summarised: by Loupe's own summary request (`client`), or by the API inside a
   * request (`server`, compaction edit). `summarisedMessages` left the local history; `keptMessages` stayed.
   */
  | { type: 'compacted'; by: 'client' | 'server'; reason: string; summarisedMessages: number; keptMessages: number }
  | { type: 'notice'; message: string }
  | { type: 'error'; message: string }
  | { type: 'done'; outcome: SessionOutcome };

export type SessionOutcome =
  | { kind: 'completed'; finalText: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'max_steps'; steps: number }
  | { kind: 'cancelled' }
  | { kind: 'cost_cap'; costUsd: number; capUsd: number }
  | { kind: 'refused'; reason: string };
