// Scripted turns for best-of-N: the attempts' requests arrive in any interleaving, so each is answered
// from the script of the attempt whose copy its system prompt names (`attempt-N`), and the judge's
// request (the one offering score_attempts) by the judge's turn.
import type { RecordedRequest, ReplyTurn } from './messagesApiServer';

/** Which attempt sent this request, or 'judge'. */
export function senderOf(request: RecordedRequest): number | 'judge' {
  if ((request.body.tools as Array<{ name: string }>).some((tool) => tool.name === 'score_attempts')) return 'judge';
  const match = /attempt-(\d+)/.exec(JSON.stringify(request.body.system));
  if (!match) throw new Error('a request from no attempt');
  return Number(match[1]);
}

/** As many turns as the scripts hold (plus the judge's, when given), each filled in for whoever asks. */
export function routedTurns(scripts: Record<number, ReplyTurn[]>, judge?: ReplyTurn): ReplyTurn[] {
  const queues = new Map(Object.entries(scripts).map(([attempt, turns]) => [Number(attempt), [...turns]]));
  const total = [...queues.values()].reduce((sum, turns) => sum + turns.length, 0) + (judge ? 1 : 0);
  return Array.from({ length: total }, () => ({
    kind: 'reply' as const,
    content: [],
    prepare: async (request: RecordedRequest, turn: ReplyTurn) => {
      const sender = senderOf(request);
      const next = sender === 'judge' ? judge : queues.get(sender)?.shift();
      if (!next) throw new Error(`${sender === 'judge' ? 'the judge' : `attempt ${sender}`} asked more than its script`);
      turn.content = next.content;
    },
  }));
}
