// The environment every command the agent starts gets: the user's, minus Loupe's own secrets, plus
// settings that keep programs from waiting on a person or painting colour codes.

// Loupe's own credentials are not the project's business: a command the model runs (or a script
// it was tricked into running) must not be able to read or send them.
const WITHHELD_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

export function commandEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of WITHHELD_VARIABLES) delete inherited[name];
  return {
    ...inherited,
    // Nothing waits for a key press or a password: there is no one at this terminal.
    PAGER: 'cat',
    GIT_PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    // git commit without -m would otherwise open an editor that can never be closed.
    GIT_EDITOR: 'true',
    // Plain text for the model: no colour codes or cursor movement.
    TERM: 'dumb',
    NO_COLOR: '1',
    ...extra,
  };
}
