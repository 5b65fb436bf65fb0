// The one list of places the agent may not write on its own and may not read at all: files in the
// workspace that make this machine run code later or hold secrets (the sandbox mounts them read-only,
// the editor asks before changing them), and the user's credential stores outside it (the sandbox
// hides them). Users extend both (loupe.sandbox.protectedPaths, --protect).
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import picomatch from 'picomatch';

/**
 * Workspace-relative paths (globs) whose contents run code later or hold secrets: git hooks and the
 * config that names hooks, filters and pagers; VS Code tasks, launch configs and settings (tasks can run
 * on folder open); hook managers; the package managers' config (script-shell, node-options, registry
 * tokens; Yarn's yarnPath runs a file); environment files, which dotenv loaders and direnv read.
 */
export const PROTECTED_WORKSPACE_PATHS: readonly string[] = [
  '.git/hooks',
  '.git/config',
  '.vscode',
  // The project's MCP servers: a program named there starts with the next task.
  '.mcp.json',
  '.husky',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.envrc',
  '.env',
  '.env.*',
];

/**
 * Credential stores in the user's home (relative to it), hidden from every sandboxed process: keys,
 * cloud and registry logins, keyrings, password stores, and browser profiles (cookies, saved logins).
 */
export const CREDENTIAL_STORES: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.kube',
  '.docker',
  '.netrc',
  '.npmrc',
  '.yarnrc',
  '.pypirc',
  '.git-credentials',
  '.config/git/credentials',
  '.config/gh',
  '.config/hub',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.terraform.d/credentials.tfrc.json',
  '.vault-token',
  '.password-store',
  '.local/share/keyrings',
  '.config/op',
  '.mozilla',
  '.config/google-chrome',
  '.config/chromium',
  '.config/BraveSoftware',
  '.config/microsoft-edge',
  '.config/Code/User/globalStorage',
  '.vscode-server/data/User/globalStorage',
  '.local/share/code-server/User/globalStorage',
  '.bash_history',
  '.zsh_history',
  '.pgpass',
  '.my.cnf',
  '.config/rclone',
  '.m2/settings.xml',
  '.config/pip',
  '.pip',
  '.gradle/gradle.properties',
  '.config/heroku',
  // Other agents' and editors' logins, more package-manager and cloud tool credentials, more shells'
  // histories (found unhidden by the attacker review).
  '.claude/.credentials.json',
  '.config/github-copilot',
  '.codex/auth.json',
  '.yarnrc.yml',
  '.config/pnpm/rc',
  '.terraformrc',
  '.config/sops',
  '.s3cfg',
  '.boto',
  '.local/share/fish/fish_history',
  '.psql_history',
  '.mysql_history',
  '.python_history',
  '.node_repl_history',
  '.config/Cursor/User/globalStorage',
  '.config/VSCodium/User/globalStorage',
  '.config/Code - Insiders/User/globalStorage',
  '.cursor-server/data/User/globalStorage',
  '.bunfig.toml',
  '.composer/auth.json',
  '.config/composer/auth.json',
  '.config/configstore/firebase-tools.json',
  '.wrangler',
  '.config/.wrangler',
  '.databrickscfg',
  '.config/doctl',
  '.fly',
  '.config/ngrok',
  '.ngrok2',
  '.oci',
  // System password hashes: readable by root, which CI and containers often are.
  '/etc/shadow',
  '/etc/gshadow',
];

/** Committed templates of environment files: documentation, never loaded, so not protected. */
const ENVIRONMENT_TEMPLATE = /^\.env\.(example|sample|template|dist)$/;

/** Whether a workspace-relative path is, or lies inside, a protected path (`extra` from the user's settings). */
export function isProtectedWorkspacePath(relativePath: string, extra: readonly string[] = []): boolean {
  const normalised = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (ENVIRONMENT_TEMPLATE.test(normalised)) return false;
  return [...PROTECTED_WORKSPACE_PATHS, ...extra].some((pattern) => {
    const matches = picomatch(pattern, { dot: true });
    const parts = normalised.split('/');
    // A file inside a protected folder is protected too.
    return parts.some((_, index) => matches(parts.slice(0, index + 1).join('/')));
  });
}

/** Absolute credential-store paths for this user, plus the user's own (absolute, or relative to home). */
export function credentialStorePaths(extra: readonly string[] = [], home: string = homedir()): string[] {
  // A home of "/" (some service accounts) would hide system folders, not credentials.
  if (home === '/') return extra.filter(isAbsolute);
  return [...CREDENTIAL_STORES, ...extra].map((path) => (isAbsolute(path) ? path : join(home, path)));
}
