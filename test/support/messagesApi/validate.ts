// The request checks the real Messages API makes and that our client can get wrong: required
// fields, role order, tool_use/tool_result pairing, cache_control count, thinking settings,
// thinking blocks passed back unmodified, tool names, images. Each problem is a readable string.
import type { ReplyBlock } from '../messagesApiServer';
import { imageProblems, type ImageBlockAt } from './images';

// Request bodies are untrusted JSON from the client under test; checks narrow them as they go.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untrusted = any;

/** The API allows at most 4 cache_control breakpoints per request (tools + system + messages). */
const MAX_CACHE_BREAKPOINTS = 4;
/** Extended thinking's smallest budget, per the API's validation of thinking.budget_tokens. */
const MIN_THINKING_BUDGET = 1024;

/** What this server has sent, so it can tell whether blocks passed back are its own, unmodified. */
export class SentBlocks {
  private readonly thinking = new Set<string>();
  private readonly redacted = new Set<string>();
  /** tool_use id → the thinking blocks (keys) sent in the same reply. */
  private readonly thinkingBeside = new Map<string, string[]>();

  /** A thinking block's signature (or a redacted block) has reached the client. */
  signed(block: ReplyBlock): void {
    if (block.type === 'thinking') this.thinking.add(thinkingKey(block));
    if (block.type === 'redacted_thinking') this.redacted.add(block.data);
  }

  /** The reply's tool_use ids, with the thinking that came with them (checked when passed back in a tool loop). */
  replied(content: ReplyBlock[]): void {
    const thoughts = content.flatMap((block) => (isThinking(block) ? [thinkingKey(block)] : []));
    for (const block of content) if (block.type === 'tool_use' && block.id) this.thinkingBeside.set(block.id, thoughts);
  }

  isOwn(block: Untrusted): boolean {
    return block.type === 'redacted_thinking' ? this.redacted.has(block.data) : this.thinking.has(thinkingKey(block));
  }

  thinkingSentWith(toolUseId: string): string[] {
    return this.thinkingBeside.get(toolUseId) ?? [];
  }
}

function isThinking(block: Untrusted): boolean {
  return block?.type === 'thinking' || block?.type === 'redacted_thinking';
}

function thinkingKey(block: Untrusted): string {
  return block.type === 'redacted_thinking' ? `redacted\u0000${block.data}` : `thinking\u0000${block.thinking}\u0000${block.signature}`;
}

function blocksOf(message: Untrusted): Untrusted[] {
  if (typeof message?.content === 'string') return [{ type: 'text', text: message.content }];
  return Array.isArray(message?.content) ? message.content : [];
}

function checkRequired(body: Untrusted): string[] {
  const problems: string[] = [];
  if (typeof body.model !== 'string' || body.model === '') problems.push('model: Field required');
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) problems.push('max_tokens: Field required (a positive integer)');
  if (!Array.isArray(body.messages) || body.messages.length === 0) problems.push('messages: Field required (a non-empty array)');
  return problems;
}

function checkRoles(messages: Untrusted[]): string[] {
  const problems: string[] = [];
  // Held to after compaction too: Anthropic's compaction docs do not say a conversation may open with the assistant.
  if (messages[0]?.role !== 'user') problems.push(`messages.0: the first message must use the "user" role, not "${messages[0]?.role}"`);
  messages.forEach((message, i) => {
    if (message?.role !== 'user' && message?.role !== 'assistant') problems.push(`messages.${i}.role: must be "user" or "assistant"`);
    else if (i > 0 && messages[i - 1]?.role === message.role) problems.push(`messages.${i}: roles must alternate between "user" and "assistant", but two "${message.role}" messages are adjacent`);
  });
  return problems;
}

/** Every tool_use answered exactly once, first thing in the next user message; no stray tool_result. */
function checkToolPairing(messages: Untrusted[]): string[] {
  const problems: string[] = [];
  const seenIds = new Set<string>();
  messages.forEach((message, i) => {
    const blocks = blocksOf(message);
    if (message?.role === 'assistant') {
      const uses = blocks.filter((b) => b?.type === 'tool_use');
      for (const use of uses) {
        if (seenIds.has(use.id)) problems.push(`messages.${i}: tool_use ids must be unique, but ${use.id} appears twice in the conversation`);
        seenIds.add(use.id);
      }
      const next = messages[i + 1];
      if (uses.length > 0 && next?.role !== 'user') {
        problems.push(`messages.${i}: tool_use ids were found without tool_result blocks immediately after: ${uses.map((u) => u.id).join(', ')}. Each tool_use block must have a corresponding tool_result block in the next message.`);
      }
      return;
    }
    const previous = messages[i - 1];
    const uses = previous?.role === 'assistant' ? blocksOf(previous).filter((b) => b?.type === 'tool_use') : [];
    const results = blocks.filter((b) => b?.type === 'tool_result');
    for (const use of uses) {
      const answers = results.filter((r) => r.tool_use_id === use.id);
      if (answers.length === 0) problems.push(`messages.${i}: tool_use ${use.id} (${use.name}) in messages.${i - 1} has no tool_result here. Each tool_use block must have a corresponding tool_result block in the next message.`);
      if (answers.length > 1) problems.push(`messages.${i}: tool_use ${use.id} is answered by ${answers.length} tool_result blocks; exactly one is allowed`);
      if (use.toolset_name && answers.some((r) => r.toolset_name !== use.toolset_name)) {
        problems.push(`messages.${i}: the tool_result for ${use.id} must echo toolset_name "${use.toolset_name}" of its tool_use`);
      }
    }
    for (const result of results) {
      if (!uses.some((u) => u.id === result.tool_use_id)) {
        problems.push(`messages.${i}: unexpected tool_use_id found in tool_result blocks: ${result.tool_use_id}. Each tool_result block must have a corresponding tool_use block in the previous message.`);
      }
    }
    const firstOther = blocks.findIndex((b) => b?.type !== 'tool_result');
    const lastResult = blocks.findLastIndex((b) => b?.type === 'tool_result');
    if (firstOther !== -1 && firstOther < lastResult) problems.push(`messages.${i}: tool_result blocks must come first in the message, before any other content`);
  });
  return problems;
}

function countCacheControl(blocks: Untrusted[]): number {
  let count = 0;
  for (const block of blocks) {
    if (block?.cache_control != null) count++;
    if (block?.type === 'tool_result' && Array.isArray(block.content)) count += countCacheControl(block.content);
  }
  return count;
}

function checkCacheControl(body: Untrusted): string[] {
  const tools = countCacheControl(Array.isArray(body.tools) ? body.tools : []);
  const system = countCacheControl(Array.isArray(body.system) ? body.system : []);
  const messages = (body.messages as Untrusted[]).reduce((sum: number, m) => sum + countCacheControl(blocksOf(m)), 0);
  const total = tools + system + messages;
  if (total <= MAX_CACHE_BREAKPOINTS) return [];
  return [`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${total} (tools ${tools}, system ${system}, messages ${messages}).`];
}

function checkThinkingConfig(body: Untrusted): string[] {
  if (body.thinking?.type !== 'enabled') return [];
  const budget = body.thinking.budget_tokens;
  if (!Number.isInteger(budget) || budget < MIN_THINKING_BUDGET) return [`thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}, got ${budget}`];
  if (budget >= body.max_tokens) return [`max_tokens must be greater than thinking.budget_tokens (${body.max_tokens} <= ${budget})`];
  return [];
}

/** Thinking blocks come back byte-identical, and within a tool loop they are not dropped. */
function checkThinkingBlocks(body: Untrusted, sent: SentBlocks): string[] {
  const problems: string[] = [];
  const messages: Untrusted[] = body.messages;
  messages.forEach((message, i) => {
    if (message?.role !== 'assistant') return;
    blocksOf(message).forEach((block, j) => {
      if (isThinking(block) && !sent.isOwn(block)) {
        problems.push(`messages.${i}.content.${j}: Invalid signature in ${block.type} block: it differs from every ${block.type} block this server sent. Pass thinking blocks back exactly as received.`);
      }
    });
  });
  // In a tool loop (the last message answers tool calls) with thinking on, the API requires the
  // assistant turn that made the calls to start with the thinking it was sent with.
  const last = messages.at(-1);
  const caller = messages.at(-2);
  const thinkingOn = body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive';
  if (!thinkingOn || caller?.role !== 'assistant' || !blocksOf(last).some((b) => b?.type === 'tool_result')) return problems;
  // A compaction block the API put first in that message stays first; the thinking follows it.
  const callerBlocks = blocksOf(caller).filter((b) => b?.type !== 'compaction');
  const firstUse = callerBlocks.find((b) => b?.type === 'tool_use');
  const expected = firstUse ? sent.thinkingSentWith(firstUse.id) : [];
  const firstOther = callerBlocks.findIndex((b) => !isThinking(b));
  const leading = (firstOther === -1 ? callerBlocks : callerBlocks.slice(0, firstOther)).map(thinkingKey);
  const missing = expected.filter((key) => !leading.includes(key));
  if (missing.length > 0) {
    problems.push(`messages.${messages.length - 2}: ${missing.length} thinking block(s) sent with tool_use ${firstUse.id} were not passed back at the start of this assistant message. When thinking is enabled, the final assistant message must start with its thinking blocks, unmodified.`);
  }
  return problems;
}

/** The names a model may call: each tool's name, the type-implied name, or a toolset's members. */
function checkToolNames(body: Untrusted): string[] {
  const tools: Untrusted[] = Array.isArray(body.tools) ? body.tools : [];
  const names = new Set<string>(tools.map(toolName).filter((n): n is string => n !== undefined));
  const problems: string[] = [];
  (body.messages as Untrusted[]).forEach((message, i) => {
    if (message?.role !== 'assistant') return;
    blocksOf(message).forEach((block, j) => {
      if (block?.type !== 'tool_use') return;
      if (block.toolset_name) {
        const toolset = tools.find((t) => typeof t?.type === 'string' && t.type.startsWith(`${block.toolset_name}_toolset_`));
        if (!toolset) problems.push(`messages.${i}.content.${j}: tool_use belongs to toolset "${block.toolset_name}", which is not among the request's tools`);
        else if (toolset.configs?.[block.name]?.enabled === false) problems.push(`messages.${i}.content.${j}: toolset member "${block.name}" is disabled in the request's tools`);
        return;
      }
      if (!names.has(block.name)) problems.push(`messages.${i}.content.${j}: tool_use names tool "${block.name}", but the request's tools are [${[...names].join(', ')}]. Requests that include tool_use blocks must define those tools.`);
    });
  });
  return problems;
}

function toolName(tool: Untrusted): string | undefined {
  if (typeof tool?.name === 'string') return tool.name;
  const type = String(tool?.type ?? '');
  if (type.startsWith('text_editor_')) return 'str_replace_based_edit_tool';
  if (type.startsWith('bash_')) return 'bash';
  if (type.startsWith('computer_') && !type.includes('_toolset_')) return 'computer';
  return undefined;
}

function imagesIn(blocks: Untrusted[], path: string, into: ImageBlockAt[]): void {
  blocks.forEach((block, j) => {
    if (block?.type === 'image') into.push({ path: `${path}.${j}`, block });
    if (block?.type === 'tool_result' && Array.isArray(block.content)) imagesIn(block.content, `${path}.${j}.content`, into);
  });
}

function checkImages(body: Untrusted): string[] {
  const images: ImageBlockAt[] = [];
  (body.messages as Untrusted[]).forEach((message, i) => imagesIn(blocksOf(message), `messages.${i}.content`, images));
  return imageProblems(images);
}

/** Everything the real API would reject in this request body (empty when it is valid). */
export function validateRequest(body: Untrusted, sent: SentBlocks): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['the request body must be a JSON object'];
  const required = checkRequired(body);
  if (!Array.isArray(body.messages)) return required;
  return [
    ...required,
    ...checkRoles(body.messages),
    ...checkToolPairing(body.messages),
    ...checkCacheControl(body),
    ...checkThinkingConfig(body),
    ...checkThinkingBlocks(body, sent),
    ...checkToolNames(body),
    ...checkImages(body),
  ];
}
