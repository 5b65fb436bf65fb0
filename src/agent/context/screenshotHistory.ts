// Keeps only the most recent screenshots in the conversation: older image blocks inside tool
// results become a one-line placeholder naming the action that produced them. Removal happens in
// chunks, so between removals every request repeats the previous one byte for byte (a cache hit).
import type Anthropic from '@anthropic-ai/sdk';

export interface ScreenshotHistorySettings {
  /** Screenshots that always travel (the newest ones). */
  keep: number;
  /**
   * How many more may pile up before the oldest are dropped, all at once, back down to `keep`.
   * Each removal changes the prompt from the oldest dropped screenshot on (one cache re-write), so a
   * bigger chunk means fewer re-writes but more image tokens per request in between.
   */
  chunk: number;
}

/**
 * Chosen by measurement: billed-equivalent input tokens per step (uncached + 1.25 x cache writes +
 * 0.1 x cache reads) of a simulated computer-use session, 1280x800 screenshots (1,334 tokens each),
 * 3,000 tokens of tools + system, ~100 text tokens per step. Keeping 3 (the screen before and after
 * the last two actions): chunk 0 → 19,661 per step at step 200, chunk 6 → 6,245, chunk 10 → 5,562,
 * chunk 15 → 5,499; at step 40 chunk 10 is the cheapest (3,700). Never pruning costs 16,378. Chunk 10
 * is within 1% of the best and caps a request at 13 screenshots (rate limits; the API's stricter
 * image-size rule starts past 20 images).
 */
export const DEFAULT_SCREENSHOT_HISTORY: ScreenshotHistorySettings = { keep: 3, chunk: 10 };

/**
 * Replaces, in place, all but the newest `keep` screenshots once more than `keep + chunk` have
 * accumulated. Changing the stored history (rather than a copy per request) keeps a 500-step
 * session's memory flat and makes the sent prefix identical between removals by construction.
 * Returns how many screenshots were replaced.
 */
export function pruneScreenshots(messages: Anthropic.MessageParam[], settings: ScreenshotHistorySettings): number {
  const found = screenshotsIn(messages);
  if (found.length <= settings.keep + Math.max(0, settings.chunk)) return 0;
  const drop = found.slice(0, found.length - settings.keep);
  for (const at of drop) {
    const message = messages[at.message]!;
    const blocks = message.content as Anthropic.ContentBlockParam[];
    const result = blocks[at.block] as Anthropic.ToolResultBlockParam;
    const content = (result.content as Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam>).map((block, index) =>
      index === at.image ? { type: 'text' as const, text: placeholderFor(messages[at.message - 1], result.tool_use_id) } : block,
    );
    blocks[at.block] = { ...result, content };
  }
  return drop.length;
}

/** How many screenshots (image blocks inside tool results) the conversation holds. */
export function countScreenshots(messages: readonly Anthropic.MessageParam[]): number {
  return screenshotsIn(messages).length;
}

interface ScreenshotAt {
  message: number;
  block: number;
  image: number;
}

function screenshotsIn(messages: readonly Anthropic.MessageParam[]): ScreenshotAt[] {
  const found: ScreenshotAt[] = [];
  messages.forEach((message, m) => {
    if (message.role !== 'user' || typeof message.content === 'string') return;
    message.content.forEach((block, b) => {
      if (block.type !== 'tool_result' || !Array.isArray(block.content)) return;
      block.content.forEach((inner, i) => {
        if (inner.type === 'image') found.push({ message: m, block: b, image: i });
      });
    });
  });
  return found;
}

/** Short so the placeholder costs a few tokens; says what the screen showed by naming what led to it. */
const MAX_TYPED_TEXT_SHOWN = 40;

function placeholderFor(assistant: Anthropic.MessageParam | undefined, toolUseId: string): string {
  const call = assistant && typeof assistant.content !== 'string' ? assistant.content.find((block) => block.type === 'tool_use' && block.id === toolUseId) : undefined;
  if (!call || call.type !== 'tool_use') return '[screenshot omitted]';
  return `[screenshot omitted: taken after ${describeAction(call.name, call.input)}]`;
}

function describeAction(name: string, input: unknown): string {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  // The older computer tools send one tool with an `action`; the toolset names the action itself.
  const action = typeof fields.action === 'string' ? fields.action : name;
  const coordinate = Array.isArray(fields.coordinate) && fields.coordinate.length === 2 ? ` at (${fields.coordinate.map(Number).join(', ')})` : '';
  const text = typeof fields.text === 'string' ? ` "${fields.text.length > MAX_TYPED_TEXT_SHOWN ? `${fields.text.slice(0, MAX_TYPED_TEXT_SHOWN)}…` : fields.text}"` : '';
  return `${action}${coordinate}${text}`;
}

/** The tool_use id of the oldest tool_result that still carries a screenshot (the next to be pruned). */
export function oldestScreenshotToolUseId(messages: readonly Anthropic.MessageParam[]): string | undefined {
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'tool_result' && Array.isArray(block.content) && block.content.some((part) => part.type === 'image')) return block.tool_use_id;
    }
  }
  return undefined;
}
