// Actions that are fine when the user asked for them but are what an injected instruction would
// ask for: sending data off the machine, running code fetched from the network, publishing,
// gaining privileges, reading credentials, or changing files that make tools run commands later.
// The policy asks about these even under a standing yes once content from tool output or the
// screen is in the conversation (DESIGN.md, Safety: such content is data, never an instruction).

interface RiskRule {
  pattern: RegExp;
  reason: string;
}

const RISKY_COMMANDS: readonly RiskRule[] = [
  { pattern: /\b(curl|wget|fetch)\b[^|]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b|\b(curl|wget)\b[^|]*\|\s*(python\d?|node|perl|ruby)\b/, reason: 'runs code downloaded from the network' },
  { pattern: /\b(ba|z)?sh\s+-c\s+["']?\$\((curl|wget)\b/, reason: 'runs code downloaded from the network' },
  { pattern: /\bcurl\b.*\s(-d|--data(-\w+)?|-F|--form|-T|--upload-file|-X\s*(POST|PUT|PATCH))\b/, reason: 'sends data to a server' },
  { pattern: /\bwget\b.*\s--(post|body)-(data|file)\b/, reason: 'sends data to a server' },
  { pattern: /(^|[;&|(\s])(scp|sftp|rsync|ssh|nc|ncat|netcat|telnet|socat)\s/, reason: 'connects to another machine' },
  { pattern: /\bgit\s+push\b/, reason: 'pushes commits to a remote' },
  { pattern: /\bgit\s+remote\s+(add|set-url)\b/, reason: 'changes where git pushes' },
  { pattern: /\b(npm|yarn|pnpm|cargo|gem|twine|vsce|ovsx)\s+publish\b|\bdocker\s+push\b|\bgh\s+(release|repo|secret|gist)\b/, reason: 'publishes outside this machine' },
  { pattern: /(^|[;&|(\s])(sudo|su|doas|pkexec)\s/, reason: 'runs with elevated privileges' },
  { pattern: /(\.ssh\/|\.aws\/|\.gnupg\/|\.netrc\b|\.npmrc\b|\.pypirc\b|\.docker\/config\.json|\.kube\/config|id_(rsa|ed25519|ecdsa)\b)/, reason: 'touches credentials' },
  { pattern: /(^|[;&|(\s])(printenv|env)\s*($|[;&|>])|\bset\s*\|/, reason: 'prints the environment, which may hold secrets' },
  { pattern: /\beval\s|\bbase64\s+(-d|--decode)\b.*\|/, reason: 'runs text it builds or decodes' },
  { pattern: /\bcrontab\b|\bsystemctl\s+(enable|start)\b|>>?\s*~?\/?[\w/.-]*\.(bashrc|zshrc|profile|bash_profile)\b/, reason: 'makes something run later, outside this task' },
  { pattern: /\brm\s+(-[a-zA-Z]*\s+)*-[a-zA-Z]*[rR]/, reason: 'deletes recursively' },
];

/** Paths, relative to the folder, whose contents make VS Code, git or CI run commands later. */
const RISKY_EDITS: readonly RiskRule[] = [
  { pattern: /^\.github\/workflows\//, reason: 'changes a CI workflow, which runs commands with the repository\'s secrets' },
  { pattern: /(^|\/)\.gitlab-ci\.yml$|(^|\/)\.circleci\//, reason: 'changes a CI pipeline, which runs commands with the repository\'s secrets' },
  { pattern: /^\.vscode\/(tasks|launch|settings)\.json$|\.code-workspace$/, reason: 'changes VS Code tasks or settings, which can run commands' },
  { pattern: /^\.husky\/|(^|\/)\.pre-commit-config\.yaml$|(^|\/)\.gitattributes$/, reason: 'changes hooks that run on every commit' },
  { pattern: /(^|\/)\.env(\.|$)|(^|\/)\.npmrc$|(^|\/)\.netrc$/, reason: 'changes a file that holds credentials' },
];

/** Why the command is risky, or undefined. */
export function riskOfCommand(command: string): string | undefined {
  return RISKY_COMMANDS.find((rule) => rule.pattern.test(command))?.reason;
}

/** Why changing this workspace-relative path is risky, or undefined. */
export function riskOfEdit(relativePath: string): string | undefined {
  return RISKY_EDITS.find((rule) => rule.pattern.test(relativePath))?.reason;
}
