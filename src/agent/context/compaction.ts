// Compaction: when the conversation outgrows its budget, the model summarises the older turns and
// the conversation continues as [user: task + summary] + the recent turns kept verbatim. The cut
// falls before an assistant message, so tool_use/tool_result pairs and thinking blocks stay whole.
import type Anthropic from '@anthropic-ai/sdk';
import type { ModelClient } from '../model/modelClient';
import type { ModelFamily } from '../model/modelTable';
import { thinkingParam } from '../model/thinkingConfig';
import { compactionSummaryOf } from './serverCompaction';
import { CLIENT_SUMMARY_INSTRUCTIONS } from './summaryInstructions';

/** Compact before the context window is full: the reply and the summary request need room too. */
export const DEFAULT_COMPACT_FRACTION = 0.8;
/** The recent turns kept verbatim take at most this share of the budget (at least the last exchange). */
const KEPT_FRACTION = 0.3;
/** The same rough rule the pacer uses; only decides when to compact, never what is billed. */
const CHARS_PER_TOKEN = 4;
/** Each tool result is shown to the summariser at most this long (head and tail). */
const MAX_RESULT_CHARS_IN_TRANSCRIPT = 2_000;
/** Room for a summary that keeps the plan, the files changed and the last failures. */
const SUMMARY_MAX_TOKENS = 4_096;

const SUMMARY_SYSTEM = 'You summarise the earlier part of a coding agent\'s session so the agent can continue without it. Write plain text, no preamble.';

/** A context-length refusal from the API (400 "prompt is too long"), as our retry policy words it. */
export function isContextLengthError(message: string): boolean {
  return /prompt is too long|context window|context length|too many tokens/i.test(message);
}

export function defaultCompactAt(family: ModelFamily): number {
  return Math.floor(family.contextWindow * DEFAULT_COMPACT_FRACTION);
}

/** Estimated prompt tokens of messages; an image counts as the most this model family reads. */
export function estimateTokens(messages: readonly Anthropic.MessageParam[], imageTokens: number): number {
  let chars = 0;
  let images = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value === 'string') return void (chars += value.length);
    if (typeof value !== 'object' || value === null) return;
    const block = value as { type?: unknown; content?: unknown };
    if (block.type === 'image') return void images++;
    for (const field of Object.values(block)) visit(field);
  };
  visit(messages);
  return Math.ceil(chars / CHARS_PER_TOKEN) + images * imageTokens;
}

export interface CompactionRequest {
  client: ModelClient;
  model: string;
  family: ModelFamily;
  messages: readonly Anthropic.MessageParam[];
  /** The user's current task, restated at the top of the compacted conversation. */
  task: string;
  budgetTokens: number;
  signal: AbortSignal;
  onUsage(message: Anthropic.Message): void;
}

export interface Compacted {
  messages: Anthropic.MessageParam[];
  summarised: number;
  kept: number;
}

/** Returns the compacted conversation, or undefined when there is nothing older than the last exchange to summarise. */
export async function compactConversation(request: CompactionRequest): Promise<Compacted | undefined> {
  const { messages, family } = request;
  const cut = chooseCut(messages, Math.floor(request.budgetTokens * KEPT_FRACTION), family.screenshotLimits.maxTokens);
  if (cut === undefined) return undefined;
  const older = messages.slice(0, cut);
  const transcript = renderTranscript(older, request.budgetTokens * CHARS_PER_TOKEN * (1 - KEPT_FRACTION));
  const thinking = thinkingParam(family, false, SUMMARY_MAX_TOKENS);
  const turn = await request.client.streamTurn(
    {
      model: request.model,
      system: [{ type: 'text', text: SUMMARY_SYSTEM }],
      tools: [],
      messages: [{ role: 'user', content: `<transcript>\n${transcript}\n</transcript>\n\n${CLIENT_SUMMARY_INSTRUCTIONS}` }],
      maxTokens: SUMMARY_MAX_TOKENS,
      ...(thinking ? { thinking } : {}),
    },
    request.signal,
  );
  request.onUsage(turn.message);
  const summary = turn.message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('').trim();
  const head: Anthropic.MessageParam = {
    role: 'user',
    content: `${request.task}\n\n<summary_of_earlier_work>\nThe earlier part of this session was summarised to save context:\n${summary || '(the summary came back empty)'}\n</summary_of_earlier_work>\n\nContinue the task from where the recent turns below leave off.`,
  };
  return { messages: [head, ...messages.slice(cut)], summarised: cut, kept: messages.length - cut };
}

/**
 * The index of the first kept message: an assistant message right after a user message (so no
 * tool pair and no thinking turn is split), as early as the kept budget allows but never before
 * index 2 (something must be summarised) and never after the last assistant message.
 */
function chooseCut(messages: readonly Anthropic.MessageParam[], keptBudget: number, imageTokens: number): number | undefined {
  const candidates = messages.flatMap((message, index) => (index >= 2 && message.role === 'assistant' && messages[index - 1]?.role === 'user' ? [index] : []));
  let cut: number | undefined;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const index = candidates[i]!;
    if (cut !== undefined && estimateTokens(messages.slice(index), imageTokens) > keptBudget) break;
    cut = index;
  }
  return cut;
}

/** The older turns as plain text for the summariser: no tool blocks, so the request needs no tools. */
function renderTranscript(messages: readonly Anthropic.MessageParam[], maxChars: number): string {
  const lines: string[] = [];
  for (const message of messages) {
    const blocks = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content;
    for (const block of blocks) {
      // A server compaction's summary stands for everything before it: the new summary must carry it on.
      const earlier = compactionSummaryOf(block);
      if (earlier !== undefined) lines.push(`summary of the work before: ${earlier}`);
      else if (block.type === 'text') lines.push(`${message.role}: ${block.text}`);
      else if (block.type === 'tool_use') lines.push(`assistant called ${block.name}: ${JSON.stringify(block.input)}`);
      else if (block.type === 'tool_result') lines.push(`result${block.is_error ? ' (error)' : ''}: ${clip(resultText(block.content))}`);
    }
  }
  const text = lines.join('\n');
  // Keep the end when the transcript itself is too long: the latest failures matter most.
  return text.length > maxChars ? `[…earlier transcript cut…]\n${text.slice(text.length - Math.floor(maxChars))}` : text;
}

function resultText(content: Anthropic.ToolResultBlockParam['content']): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
}

function clip(text: string): string {
  if (text.length <= MAX_RESULT_CHARS_IN_TRANSCRIPT) return text;
  const half = MAX_RESULT_CHARS_IN_TRANSCRIPT / 2;
  return `${text.slice(0, half)}\n[…${text.length - MAX_RESULT_CHARS_IN_TRANSCRIPT} characters cut…]\n${text.slice(-half)}`;
}
