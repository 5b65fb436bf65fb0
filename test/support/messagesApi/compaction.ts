// Server-side compaction as the Messages API does it (beta `compact-2026-01-12`, edit `compact_20260112`):
// once a request's prompt passes the edit's trigger, the reply starts with a `compaction` block that
// summarises the conversation, and later requests send that block back unchanged; the API ignores
// every block before it. Also the checks the API makes on the way: the beta header, the trigger's
// minimum, one summary at most, and blocks that are this server's own, byte for byte.
import { randomBytes } from 'node:crypto';
import type { ReplyBlock } from '../messagesApiServer';

// Request bodies are untrusted JSON from the client under test; checks narrow them as they go.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untrusted = any;

export const COMPACTION_BETA = 'compact-2026-01-12';
/** The API's context-length refusal, as a 400 error's message. */
export const PROMPT_TOO_LONG = 'prompt is too long: 1000412 tokens > 1000000 maximum';
/** Anthropic's compaction page: the trigger defaults to 150,000 input tokens and may not be set below 50,000. */
const DEFAULT_TRIGGER = 150_000;
const MIN_TRIGGER = 50_000;

export type CompactionBlock = Extract<ReplyBlock, { type: 'compaction' }>;

function blocksOf(message: Untrusted): Untrusted[] {
  return Array.isArray(message?.content) ? message.content : [];
}

function isCompaction(block: Untrusted): boolean {
  return block?.type === 'compaction';
}

/** The compaction edit of the request, if it declares one. */
function compactEdit(body: Untrusted): Untrusted | undefined {
  const edits: Untrusted[] = Array.isArray(body?.context_management?.edits) ? body.context_management.edits : [];
  return edits.find((edit) => edit?.type === 'compact_20260112');
}

export function hasCompactionBeta(headers: Record<string, string>): boolean {
  return (headers['anthropic-beta'] ?? '').split(',').map((beta) => beta.trim()).includes(COMPACTION_BETA);
}

/** Where the prompt the model sees starts: the last compaction block with a summary (message, block), if any. */
function lastCompaction(body: Untrusted): { message: number; block: number } | undefined {
  const messages: Untrusted[] = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const at = blocksOf(messages[i]).findLastIndex((block) => isCompaction(block) && block.content != null);
    if (at >= 0) return { message: i, block: at };
  }
  return undefined;
}

/** The request as the model sees it: everything before the last compaction block is dropped. */
export function effectiveBody(body: Untrusted): Untrusted {
  const at = lastCompaction(body);
  if (!at) return body;
  const first = body.messages[at.message];
  return { ...body, messages: [{ ...first, content: blocksOf(first).slice(at.block) }, ...body.messages.slice(at.message + 1)] };
}

/** The trigger in input tokens when the request asks the server to compact, else undefined. */
export function compactionTrigger(body: Untrusted): number | undefined {
  const edit = compactEdit(body);
  if (!edit) return undefined;
  return Number(edit.trigger?.value ?? DEFAULT_TRIGGER);
}

/** The blocks this server has sent, so it can tell whether one passed back is its own and unchanged. */
export class SentCompactions {
  private readonly sent = new Set<string>();

  /** A new compaction block summarising `messages` messages of about `tokens` tokens. */
  create(messages: number, tokens: number): CompactionBlock {
    const block: CompactionBlock = {
      type: 'compaction',
      content: `<summary>The session so far (${messages} messages, about ${tokens} tokens): the plan, the files changed and the last failures, in brief.</summary>`,
      encrypted_content: `enc_${randomBytes(12).toString('base64url')}`,
      signature: `sig_${randomBytes(12).toString('base64url')}`,
    };
    this.sent.add(keyOf(block));
    return block;
  }

  isOwn(block: Untrusted): boolean {
    return this.sent.has(keyOf(block));
  }
}

/** Compared without cache_control, which a client may add to the block (the block type allows it). */
function keyOf(block: Untrusted): string {
  return JSON.stringify([block.content ?? null, block.encrypted_content ?? null, block.signature ?? null, block.tool_changes ?? null]);
}

/** What the real API would reject about compaction in this request (empty when it is fine). */
export function compactionProblems(body: Untrusted, headers: Record<string, string>, sent: SentCompactions): string[] {
  const problems: string[] = [];
  const edit = compactEdit(body);
  if (body?.context_management !== undefined && !hasCompactionBeta(headers)) {
    problems.push(`context_management: this field needs the beta header "anthropic-beta: ${COMPACTION_BETA}"`);
  }
  if (edit) {
    if (edit.trigger !== undefined && edit.trigger !== null && (edit.trigger.type !== 'input_tokens' || !Number.isInteger(edit.trigger.value))) {
      problems.push('context_management.edits.compact_20260112.trigger: must be {type: "input_tokens", value: integer}');
    } else if (Number(edit.trigger?.value ?? DEFAULT_TRIGGER) < MIN_TRIGGER) {
      problems.push(`context_management.edits.compact_20260112.trigger.value: must be at least ${MIN_TRIGGER}, got ${edit.trigger.value}`);
    }
    if (edit.pause_after_compaction) problems.push('pause_after_compaction: not simulated by the test API server');
  }
  const messages: Untrusted[] = Array.isArray(body?.messages) ? body.messages : [];
  let summaries = 0;
  messages.forEach((message, i) => {
    blocksOf(message).forEach((block, j) => {
      if (!isCompaction(block)) return;
      const where = `messages.${i}.content.${j}`;
      if (message.role !== 'assistant') problems.push(`${where}: a compaction block belongs in an assistant message, as the API returned it`);
      if (!edit) problems.push(`${where}: a compaction block was sent without the compact_20260112 edit that produced it`);
      if (block.content === '') problems.push(`${where}: compaction content may not be empty (null marks a failed compaction)`);
      if (block.content != null) summaries++;
      if (!sent.isOwn(block)) problems.push(`${where}: the compaction block differs from every block this server sent. Pass it back exactly as received.`);
    });
  });
  if (summaries > 1) problems.push(`messages holds ${summaries} compaction blocks with content; send only the block the conversation returned last`);
  return problems;
}
