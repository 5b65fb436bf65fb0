// What the page may send the host, as one zod schema: the types the page and the host use are
// inferred from it, and the host checks every message against it (parseWebviewMessage). A webview is
// a web page: its messages are outside input, and a field not in the schema is dropped. The page
// imports only the types from here (type-only imports leave zod out of its bundle).
import { z } from 'zod';
import type { AskName } from './protocol';

/** Review and question ids are made by the host; anything else is refused before it reaches a lookup. */
const hostId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const checkpointId = z.string().regex(/^[0-9a-f]{40}$/);
/** Request ids the page makes for what it asks (hostRequests.ts). */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Tool_use ids as the API makes them (`toolu_…`); the host looks a screenshot up by one, so nothing else gets that far. */
const toolUseId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
/** The panel's box stops at this many characters (composer.ts); a longer message is not from it. */
const MAX_SENT_TEXT_CHARS = 50_000;
/** No proposed change has this many hunks; the bound keeps a crafted index from meaning anything. */
const MAX_HUNK_INDEX = 10_000;
/** What follows an `@` while it is typed; a path longer than this is not being typed into the box. */
const MAX_MENTION_QUERY_CHARS = 1_000;
/** Best-of-N runs at most 8 attempts (bestOfN.ts); a larger number names none. */
const MAX_ATTEMPT_NUMBER = 8;
/** A question's choice is a button label the host made; nothing longer is one. */
const MAX_CHOICE_CHARS = 300;

/** An ask of `name`, answered by the host with PanelAnswers[name] (protocol.ts), to this page only. */
function ask<N extends AskName, S extends z.ZodType>(name: N, body: S) {
  return z.object({ type: z.literal('ask'), request: requestId, name: z.literal(name), ask: body });
}

export const webviewMessageSchema = z.union([
  /** The webview's script has loaded and listens; sent once per load. */
  z.object({ type: z.literal('ready') }),
  /** The user pressed Stop. */
  z.object({ type: z.literal('stop') }),
  /** Show the proposed change in VS Code's diff editor. */
  z.object({ type: z.literal('open-diff'), id: hostId }),
  /** Roll the workspace back to a checkpoint (after the user confirms a preview). */
  z.object({ type: z.literal('restore-checkpoint'), id: checkpointId }),
  z.object({ type: z.literal('set-thinking'), on: z.boolean() }),
  /** Open the model picker (Loupe: Select Model…). */
  z.object({ type: z.literal('pick-model') }),
  /** Open a screenshot of this session (by its tool_use id) full size in an editor tab. */
  z.object({ type: z.literal('open-screenshot'), id: toolUseId }),
  /** Text from the panel's box: a new task, or (`continue`) a reply in the conversation of the last one. */
  ask('send-task', z.object({ text: z.string().trim().min(1).max(MAX_SENT_TEXT_CHARS), continue: z.boolean() })),
  /** Accept or reject a whole proposed change. */
  ask('decide-change', z.object({ id: hostId, accept: z.boolean() })),
  /** Accept or reject one hunk (numbered from 0) of a proposed change. */
  ask('decide-hunk', z.object({ id: hostId, hunk: z.int().min(0).max(MAX_HUNK_INDEX - 1), accept: z.boolean() })),
  /** The user's answer, from the panel's card, to a question the host asked (one of its choices). */
  ask('answer-question', z.object({ id: hostId, choice: z.string().min(1).max(MAX_CHOICE_CHARS) })),
  /** The `@` completion: files of the folder the box's next message would run in (`continue`: a reply's, its conversation's). */
  ask('mention-files', z.object({ query: z.string().max(MAX_MENTION_QUERY_CHARS), continue: z.boolean() })),
  /** An attempt of the best-of-N comparison `id`: its diff shown, or its changes proposed instead. */
  ask('open-attempt-diff', z.object({ id: hostId, attempt: z.int().min(1).max(MAX_ATTEMPT_NUMBER) })),
  ask('use-attempt', z.object({ id: hostId, attempt: z.int().min(1).max(MAX_ATTEMPT_NUMBER) })),
]);

export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** The message if it is a well-formed WebviewMessage (extra fields dropped), else undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  const parsed = webviewMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Every ask the map in protocol.ts answers has a schema here, and no other: this fails to compile otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _everyAskHasASchema: Same<Extract<WebviewMessage, { type: 'ask' }>['name'], AskName> = true;
void _everyAskHasASchema;
