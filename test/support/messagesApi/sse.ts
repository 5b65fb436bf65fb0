// How a scripted reply goes over the wire: the whole JSON message (stream: false) or the
// SSE event sequence the real Messages API sends (stream: true), chunked like the real thing.
import { randomBytes } from 'node:crypto';
import type { ReplyBlock, ReplyTurn } from '../messagesApiServer';

/** The four usage counters every reply reports (message_start, message_delta, whole message). */
export interface ReplyUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Present when the reply did more than one sampling step, e.g. a server-side compaction first. */
  iterations?: Array<Record<string, unknown> & { type: 'compaction' | 'message'; input_tokens: number; output_tokens: number }>;
}

/** A reply with everything decided: ids generated, stop reason and usage computed. */
export interface ResolvedReply {
  id: string;
  model: string;
  content: ReplyBlock[];
  stopReason: NonNullable<ReplyTurn['stopReason']>;
  stopSequence: string | null;
  usage: ReplyUsage;
}

/** One SSE message; `sent` runs once it is on the wire (used to learn which signatures the client has seen). */
export interface SseEvent {
  event: string;
  data: unknown;
  sent?: () => void;
}

// The real API streams text in many small deltas; a few chunks per block are enough to
// exercise the client's accumulation without making event counts hard to reason about.
const TEXT_CHUNKS = 3;
const JSON_CHUNKS = 4;

// Real ids look like msg_01ABC… / toolu_01ABC… / req_01ABC…: a prefix and ~24 base62 characters.
export function newId(prefix: 'msg' | 'toolu' | 'req'): string {
  const tail = randomBytes(24).toString('base64url').replace(/[-_]/g, '').slice(0, 22);
  return `${prefix}_01${tail}`;
}

/** Gives every tool_use block an id, as the model always does. */
export function withToolUseIds(content: ReplyBlock[]): ReplyBlock[] {
  return content.map((block) => (block.type === 'tool_use' && !block.id ? { ...block, id: newId('toolu') } : block));
}

export function defaultStopReason(content: ReplyBlock[]): ResolvedReply['stopReason'] {
  return content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

/** The block as the API returns it in a complete (non-streamed) message. */
function fullBlock(block: ReplyBlock): Record<string, unknown> {
  if (block.type !== 'tool_use') return { ...block };
  const { id, name, input, toolset_name } = block;
  return toolset_name ? { type: 'tool_use', id, name, input, toolset_name } : { type: 'tool_use', id, name, input };
}

/** The block as content_block_start announces it: empty text, empty input, no signature yet. */
function startBlock(block: ReplyBlock): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking':
      return { ...block };
    case 'tool_use':
      return { ...fullBlock(block), input: {} };
    case 'compaction':
      // The summary comes whole in one compaction_delta; the signature has no delta, so it rides on the start.
      return { type: 'compaction', content: null, encrypted_content: null, ...(block.signature ? { signature: block.signature } : {}) };
  }
}

function stopDetails(reply: ResolvedReply): Record<string, unknown> | null {
  return reply.stopReason === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null;
}

export function messageJson(reply: ResolvedReply): Record<string, unknown> {
  return {
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: reply.content.map(fullBlock),
    stop_reason: reply.stopReason,
    stop_sequence: reply.stopSequence,
    stop_details: stopDetails(reply),
    usage: { ...reply.usage },
  };
}

/** Splits text into at most `parts` pieces without cutting a surrogate pair. */
export function chunk(text: string, parts: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const size = Math.ceil(chars.length / parts);
  const pieces: string[] = [];
  for (let at = 0; at < chars.length; at += size) pieces.push(chars.slice(at, at + size).join(''));
  return pieces;
}

function deltas(block: ReplyBlock, index: number, onSigned: (block: ReplyBlock) => void): SseEvent[] {
  const delta = (d: Record<string, unknown>): SseEvent => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: d } });
  switch (block.type) {
    case 'text':
      return chunk(block.text, TEXT_CHUNKS).map((text) => delta({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...chunk(block.thinking, TEXT_CHUNKS).map((thinking) => delta({ type: 'thinking_delta', thinking })),
        { ...delta({ type: 'signature_delta', signature: block.signature }), sent: () => onSigned(block) },
      ];
    case 'redacted_thinking':
      return [];
    case 'tool_use':
      return chunk(JSON.stringify(block.input ?? {}), JSON_CHUNKS).map((partial_json) => delta({ type: 'input_json_delta', partial_json }));
    case 'compaction':
      return [delta({ type: 'compaction_delta', content: block.content, encrypted_content: block.encrypted_content })];
  }
}

/**
 * The event sequence of one streamed reply: message_start, a ping after the first
 * content_block_start (where the real API sends it), each block's start/deltas/stop,
 * message_delta with the stop reason and final usage, message_stop.
 * `onSigned` runs when a thinking block's signature (or a redacted block) has been sent.
 */
export function streamEvents(reply: ResolvedReply, onSigned: (block: ReplyBlock) => void): SseEvent[] {
  const { usage } = reply;
  const events: SseEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          ...messageJson(reply),
          content: [],
          stop_reason: null,
          stop_sequence: null,
          stop_details: null,
          // The real API reports a token or so of output at the start; the total comes in message_delta.
          usage: { ...usage, output_tokens: 1 },
        },
      },
    },
  ];
  reply.content.forEach((block, index) => {
    const start: SseEvent = { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: startBlock(block) } };
    if (block.type === 'redacted_thinking') start.sent = () => onSigned(block);
    events.push(start);
    if (index === 0) events.push(ping());
    events.push(...deltas(block, index, onSigned));
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  if (reply.content.length === 0) events.push(ping());
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence, stop_details: stopDetails(reply), container: null },
      // Like the real API: cumulative totals for the whole message.
      usage: { ...usage },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

function ping(): SseEvent {
  return { event: 'ping', data: { type: 'ping' } };
}

export function errorEvent(errorType: string, message: string): SseEvent {
  return { event: 'error', data: { type: 'error', error: { type: errorType, message } } };
}

export function formatSse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
