// What a saved transcript (last-transcript.json, from before a window reload) may hold, field by
// field: the messages the transcript log keeps (transcriptLog.ts). The file is Loupe's own, but it is
// read back from disk, so each entry is checked as a whole and one that does not fit is dropped.
import { z } from 'zod';
import type { HostMessage } from '../shared/protocol';

const text = z.string();
const count = z.number().int().nonnegative();

const outcome = z.union([
  z.object({ kind: z.literal('completed'), finalText: text }),
  z.object({ kind: z.literal('failed'), reason: text }),
  z.object({ kind: z.literal('max_steps'), steps: count }),
  z.object({ kind: z.literal('cancelled') }),
  z.object({ kind: z.literal('cost_cap'), costUsd: z.number(), capUsd: z.number() }),
  z.object({ kind: z.literal('refused'), reason: text }),
]);

const decision = z.union([
  z.object({ kind: z.literal('accept') }),
  z.object({ kind: z.literal('reject'), reason: text.optional() }),
  z.object({ kind: z.literal('partial'), acceptedHunks: z.array(count), reason: text.optional() }),
]);

const hunkLines = z.object({ header: text, lines: z.array(text) });

const event = z.union([
  z.object({ type: z.literal('turn_start'), step: count, model: text }),
  z.object({ type: z.literal('turn_retry'), step: count, attempt: count, delayMs: z.number(), reason: text }),
  z.object({ type: z.literal('text_delta'), text }),
  z.object({ type: z.literal('thinking_delta'), text }),
  z.object({ type: z.literal('tool_call'), id: text, name: text, input: z.unknown() }),
  z.object({ type: z.literal('tool_output'), id: text, chunk: text }),
  z.object({ type: z.literal('tool_result'), id: text, name: text, isError: z.boolean(), summary: text, exitCode: z.number().int().nullable().optional(), confinement: z.enum(['sandboxed', 'unconfined']).optional() }),
  z.object({ type: z.literal('change_decided'), path: text, decision }),
  z.object({ type: z.literal('change_applied'), path: text, created: z.boolean(), hunks: z.array(hunkLines) }),
  z.object({ type: z.literal('plan'), items: z.array(z.object({ step: text, status: z.enum(['pending', 'in_progress', 'done']) })) }),
  z.object({ type: z.literal('checkpoint'), id: text, label: text, toolUseId: text }),
  z.object({ type: z.literal('computer_action'), id: text, action: text, point: z.object({ x: z.number(), y: z.number() }).optional(), target: z.enum(['virtual', 'desktop']) }),
  z.object({ type: z.literal('screenshot'), id: text, mediaType: z.enum(['image/png', 'image/jpeg']), width: count, height: count, dataBase64: text }),
  z.object({ type: z.literal('usage'), usage: z.object({ model: text, inputTokens: count, outputTokens: count, cacheWriteTokens: count, cacheReadTokens: count, costUsd: z.number() }), sessionCostUsd: z.number() }),
  z.object({ type: z.literal('compacted'), by: z.enum(['client', 'server']), reason: text, summarisedMessages: count, keptMessages: count }),
  z.object({ type: z.literal('notice'), message: text }),
  z.object({ type: z.literal('error'), message: text }),
  z.object({ type: z.literal('done'), outcome }),
]);

const review = z.object({
  id: text,
  relativePath: text,
  asker: text.optional(),
  created: z.boolean(),
  hunks: z.array(z.object({ header: text, lines: z.array(text), words: z.array(z.array(z.tuple([count, count])).nullable()).optional(), accepted: z.boolean().optional() })),
  outcome: z.enum(['accepted', 'rejected', 'partial', 'cancelled']).optional(),
});

export const savedMessageSchema = z.union([
  z.object({ type: z.literal('session-started'), task: text, model: text, folder: text.optional(), attachments: z.array(text).optional() }),
  z.object({ type: z.literal('follow-up'), text, attachments: z.array(text).optional() }),
  z.object({ type: z.literal('event'), event }),
  z.object({ type: z.literal('session-ended'), outcome }),
  z.object({ type: z.literal('change-review'), review }),
  z.object({ type: z.literal('question'), question: z.object({ id: text, text, choices: z.array(text), answer: text.optional(), unanswered: z.literal(true).optional() }) }),
  z.object({ type: z.literal('notice'), message: text }),
]);

/** Whatever passes the schema is a HostMessage: this stops compiling if the two part ways. */
const _fitsTheProtocol = (message: z.output<typeof savedMessageSchema>): HostMessage => message;
void _fitsTheProtocol;

/** The entry as a host message if it fits the schema (unknown fields dropped), else undefined. */
export function parseSavedMessage(value: unknown): HostMessage | undefined {
  const parsed = savedMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
