// Actions that are fine when the user asked for them but are what an injected instruction would
// ask for: sending data off the machine, running code fetched from the network, pushing and
// publishing, gaining privileges, reading credentials, or changing files that make this machine run
// commands later. Kept narrow on purpose: everyday work (deleting a build folder, adding a CI file,
// POSTing to the app under test on localhost) must not stop a run under --yes.
// The policy asks about these even under a standing yes once content from tool output or the
// screen is in the conversation (DESIGN.md, Safety: such content is data, never an instruction).

interface RiskRule {
  pattern: RegExp;
  reason: string;
  /** The command matches but is not this risk after all (e.g. it only talks to this machine). */
  unless?: (command: string) => boolean;
}

/** Every host the command names is this machine: a POST to the app the agent started is testing, not sending data away. */
function onlyTalksToThisMachine(command: string): boolean {
  const hosts = [...command.matchAll(/\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)*[a-z0-9-]+|\[[0-9a-f:]+\]):\d+|https?:\/\/([^/\s:'"]+)/gi)].map((match) => (match[1] ?? match[2] ?? '').toLowerCase());
  return hosts.length > 0 && hosts.every((host) => ['localhost', '127.0.0.1', '0.0.0.0', '[::1]'].includes(host));
}

const RISKY_COMMANDS: readonly RiskRule[] = [
  { pattern: /\b(curl|wget|fetch)\b[^|]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b|\b(curl|wget)\b[^|]*\|\s*(python\d?|node|perl|ruby)\b/, reason: 'runs code downloaded from the network' },
  { pattern: /\b(ba|z)?sh\s+-c\s+["']?\$\((curl|wget)\b/, reason: 'runs code downloaded from the network' },
  { pattern: /\bcurl\b.*\s(-d|--data(-\w+)?|-F|--form|-T|--upload-file|-X\s*(POST|PUT|PATCH))\b/, reason: 'sends data to a server', unless: onlyTalksToThisMachine },
  { pattern: /\bwget\b.*\s--(post|body)-(data|file)\b/, reason: 'sends data to a server', unless: onlyTalksToThisMachine },
  { pattern: /(^|[;&|(\s])(scp|sftp|rsync|ssh|nc|ncat|netcat|telnet|socat)\s/, reason: 'connects to another machine' },
  { pattern: /\bgit\s+push\b/, reason: 'pushes commits to a remote' },
  { pattern: /\bgit\s+remote\s+(add|set-url)\b/, reason: 'changes where git pushes' },
  { pattern: /\b(npm|yarn|pnpm|cargo|gem|twine|vsce|ovsx)\s+publish\b|\bdocker\s+push\b|\bgh\s+(release|repo|secret|gist)\b/, reason: 'publishes outside this machine' },
  { pattern: /(^|[;&|(\s])(sudo|su|doas|pkexec)\s/, reason: 'runs with elevated privileges' },
  { pattern: /(\.ssh\/|\.aws\/|\.gnupg\/|\.netrc\b|\.npmrc\b|\.pypirc\b|\.docker\/config\.json|\.kube\/config|id_(rsa|ed25519|ecdsa)\b)/, reason: 'touches credentials' },
  { pattern: /(^|[;&|(\s])(printenv|env)\s*($|[;&|>])|\bset\s*\|/, reason: 'prints the environment, which may hold secrets' },
  { pattern: /\beval\s|\bbase64\s+(-d|--decode)\b.*\|/, reason: 'runs text it builds or decodes' },
  { pattern: /\bcrontab\b|\bsystemctl\s+(enable|start)\b|>>?\s*~?\/?[\w/.-]*\.(bashrc|zshrc|profile|bash_profile)\b/, reason: 'makes something run later, outside this task' },
];

/**
 * Paths, relative to the folder, whose contents make this machine run commands later: VS Code tasks
 * and settings, commit hooks, the package manager's registry. (A CI workflow runs only once pushed,
 * and a push asks already.)
 */
const RISKY_EDITS: readonly RiskRule[] = [
  { pattern: /^\.vscode\/(tasks|launch|settings)\.json$|\.code-workspace$/, reason: 'changes VS Code tasks or settings, which can run commands' },
  { pattern: /^\.mcp\.json$/, reason: 'changes the MCP servers Loupe and other agents start' },
  { pattern: /^\.husky\/|(^|\/)\.pre-commit-config\.yaml$/, reason: 'changes hooks that run on every commit' },
  { pattern: /(^|\/)\.npmrc$|(^|\/)\.netrc$/, reason: 'changes where packages and credentials come from' },
];

/** Why the command is risky, or undefined. */
export function riskOfCommand(command: string): string | undefined {
  return RISKY_COMMANDS.find((rule) => rule.pattern.test(command) && !rule.unless?.(command))?.reason;
}

/** Why changing this workspace-relative path is risky, or undefined. */
export function riskOfEdit(relativePath: string): string | undefined {
  return RISKY_EDITS.find((rule) => rule.pattern.test(relativePath))?.reason;
}
