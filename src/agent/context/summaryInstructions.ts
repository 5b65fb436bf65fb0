// What a summary of earlier work must keep, in one place: the client-side summariser
// (compaction.ts) and the server-side compaction edit (serverCompaction.ts) both ask for it.

const WHAT_TO_KEEP = `Keep:
- the task and the plan, with which steps are done and which remain;
- every file created, changed or deleted, and what changed;
- the commands run that matter and the last failures (error messages, failing tests) verbatim where short;
- decisions taken and anything the user asked for.
Leave out what no longer matters.`;

/** Sent after the transcript Loupe renders for its own summary request. */
export const CLIENT_SUMMARY_INSTRUCTIONS = `Summarise the session transcript above for the agent that will continue it. ${WHAT_TO_KEEP}`;

/**
 * The compaction edit's `instructions`, which replace the API's default summary prompt entirely; that
 * prompt asks for <summary> tags, so ours does too rather than guess whether the server relies on them.
 */
export const SERVER_SUMMARY_INSTRUCTIONS = `Summarise this coding agent's session so far for the agent that will continue it. ${WHAT_TO_KEEP}
Wrap the summary in <summary></summary> tags.`;
