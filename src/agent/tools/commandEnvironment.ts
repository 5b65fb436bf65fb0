// The environment every command the agent starts gets: the user's, minus credentials, plus settings
// that keep programs from waiting on a person or painting colour codes.

// Credentials are not the project's business: a command the model runs (or a script it was tricked
// into running) must not be able to read or send them. Names, not values, decide: a value cannot be
// told from an ordinary string. Loupe's own key first, then the conventions credentials follow.
const WITHHELD_NAMES = new Set([
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  // An agent socket signs for the user without holding the key: as good as the key.
  'SSH_AUTH_SOCK',
  'GPG_AGENT_INFO',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'KUBECONFIG',
  'VAULT_ADDR',
  'DOCKER_HOST',
  'PGPASSWORD',
  'PGPASSFILE',
  'MYSQL_PWD',
  'REDISCLI_AUTH',
]);

/** A URL with a password in it (postgres://user:secret@host/db), whatever the variable is called. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;
/** A value that carries a secret in its query string (?password=…, &token=…, ?sig=… of a signed URL). */
const URL_WITH_SECRET_QUERY = /^[a-z][a-z0-9+.-]*:\/\/[^\s]*[?&](password|passwd|pwd|token|secret|key|api_?key|sig|signature|auth)=/i;
const WITHHELD_PATTERNS: readonly RegExp[] = [
  /(^|_)(TOKENS?|SECRETS?|PASSWORDS?|PASSWD|PASS|PWD|PASSPHRASE|CREDENTIALS?|API_?KEYS?|PRIVATE_KEY|ACCESS_KEY|SESSION_KEY|AUTH|COOKIES?|JWT|SK|DSN|WEBHOOK(_URL)?)($|_)/i,
  /_KEY$/i,
  // npm reads registry tokens from npm_config_//host/:_authToken and npm_config__auth.
  /^npm_config_.*(auth|token|password)/i,
  // Upper case only: npm's own lower-case npm_config_* settings (cache, registry) are not credentials.
  /^(AWS|AZURE|ARM|GCP|GCLOUD|CLOUDSDK|GOOGLE|DIGITALOCEAN|HEROKU|VERCEL|NETLIFY|CLOUDFLARE|OPENAI|GH|GITHUB|GITLAB|NPM|NODE_AUTH|PYPI|TWINE|CARGO_REGISTRY|DOCKER|HF|HUGGING_?FACE)_/,
];

/** Whether a variable of this name is kept from the agent's commands. */
export function isWithheldVariable(name: string): boolean {
  // The shell's own current folder, not a password (the *_PWD pattern is MySQL's).
  if (name === 'PWD' || name === 'OLDPWD') return false;
  return WITHHELD_NAMES.has(name) || WITHHELD_PATTERNS.some((pattern) => pattern.test(name));
}

/** The variables of `source` that reach a command: the withheld ones and unset ones left out. */
export function scrubbedEnvironment(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && !isWithheldVariable(name) && !URL_WITH_PASSWORD.test(value) && !URL_WITH_SECRET_QUERY.test(value)) kept[name] = value;
  }
  return kept;
}

export function commandEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...scrubbedEnvironment(),
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
