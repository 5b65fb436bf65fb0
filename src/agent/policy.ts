// What runs without asking, what needs the user's approval, and what is refused outright.
// The deny list applies at every level, including the CLI's --yes.
import picomatch from 'picomatch';
import { riskOfCommand, riskOfEdit } from './riskyActions';
import { isProtectedWorkspacePath } from './sandbox/protectedPaths';

export type PolicyDecision = { kind: 'allow' } | { kind: 'ask'; reason: string } | { kind: 'deny'; reason: string };

export interface PolicySettings {
  /** Edits whose workspace-relative path matches one of these globs run without asking (e.g. `src/**`). */
  allowedEditGlobs: string[];
  /** Commands matching one of these (a prefix such as `npm test`, or /regex/) run without asking. */
  allowedCommands: string[];
  /** Approve everything the deny list does not refuse (the CLI's --yes). */
  approveAll: boolean;
  /** Computer actions on Loupe's private virtual display run without asking. */
  allowVirtualComputer?: boolean;
  /**
   * Computer actions on the user's own desktop run without asking. Only this allows them: approveAll
   * does not, because a click there can reach anything the user can.
   */
  allowDesktopControl?: boolean;
  /**
   * Why commands run unconfined although the user wanted the sandbox (it cannot run here). Then a standing
   * yes no longer covers commands: each one asks (DESIGN.md, Safety).
   */
  unconfinedReason?: string;
  /** More workspace-relative globs the user protects (loupe.sandbox.protectedPaths), beside protectedPaths.ts. */
  protectedPaths?: readonly string[];
  /** MCP tools that run without asking, as `server/tool` globs (`github/get_*`, `docs/*`): loupe.mcp.allowedTools, --allow-tool. */
  allowedExternalTools?: readonly string[];
}

/**
 * Where the proposal comes from. Once tool output or a screenshot is in the conversation, text the
 * agent did not write may be steering it, so a standing yes no longer covers risky actions.
 */
export interface Provenance {
  afterExternalContent: boolean;
}

const FROM_USER_ONLY: Provenance = { afterExternalContent: false };

export const DEFAULT_POLICY: PolicySettings = { allowedEditGlobs: [], allowedCommands: [], approveAll: false };

interface DenyRule {
  pattern: RegExp;
  reason: string;
}

// Commands that destroy data or history outside what a checkpoint can restore.
const DENIED_COMMANDS: DenyRule[] = [
  { pattern: /\brm\s+(-[a-zA-Z]*\s+)*-[a-zA-Z]*[rR][a-zA-Z]*\s+(-[a-zA-Z]*\s+)*(\/|~|\$HOME|\/\*)(\s|$|;|&|\|)/, reason: 'recursive delete of / or the home folder' },
  { pattern: /\bgit\s+push\b.*(\s--force(-with-lease)?\b|\s-f\b|\s\+\S)/, reason: 'force push rewrites the remote history' },
  { pattern: /\bmkfs(\.\w+)?\b/, reason: 'formats a file system' },
  { pattern: /\bdd\b.*\bof=\/dev\//, reason: 'writes to a raw device' },
  { pattern: /:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/, reason: 'fork bomb' },
  { pattern: /\bchmod\s+(-R\s+)?[0-7]{3,4}\s+\/(\s|$)/, reason: 'changes permissions of /' },
  { pattern: />\s*\/dev\/sd[a-z]/, reason: 'writes to a raw disk' },
  { pattern: /\b(shutdown|reboot|halt|poweroff)\b/, reason: 'stops the machine' },
];

export class Policy {
  private readonly _editMatchers: Array<(path: string) => boolean>;
  private readonly _externalToolMatchers: Array<(name: string) => boolean>;

  constructor(private readonly _settings: PolicySettings = DEFAULT_POLICY) {
    this._editMatchers = _settings.allowedEditGlobs.map((glob) => picomatch(glob, { dot: true }));
    this._externalToolMatchers = (_settings.allowedExternalTools ?? []).map((glob) => picomatch(glob, { dot: true }));
  }

  /**
   * A call to an MCP server's tool (or another extension's): allowed only by the user's list. A standing
   * yes does not cover it: what the tool does is the server's business, unseen by Loupe, and it may
   * send what the model gives it anywhere the server reaches.
   */
  checkExternalTool(server: string, tool: string, origin: string): PolicyDecision {
    const name = `${server}/${tool}`;
    if (this._externalToolMatchers.some((matches) => matches(name))) return { kind: 'allow' };
    return { kind: 'ask', reason: `Calls the tool ${tool} of the MCP server ${server} (${origin}). Loupe cannot see what a server's tool does, so each call asks unless you list it in loupe.mcp.allowedTools (or --allow-tool ${name}).` };
  }

  checkCommand(command: string, provenance: Provenance = FROM_USER_ONLY): PolicyDecision {
    for (const rule of DENIED_COMMANDS) {
      if (rule.pattern.test(command)) return { kind: 'deny', reason: `Refused by Loupe's deny list: ${rule.reason}.` };
    }
    // A rule the user wrote for this command is their decision, whatever came before.
    if (this._settings.allowedCommands.some((allowed) => commandMatches(command, allowed))) return { kind: 'allow' };
    if (this._settings.approveAll && this._settings.unconfinedReason) {
      return { kind: 'ask', reason: `Runs a shell command with your full access: Loupe's sandbox cannot run here (${this._settings.unconfinedReason}), so each command asks even with approval on auto.` };
    }
    if (this._settings.approveAll) return this._standingYes(riskOfCommand(command), provenance);
    return { kind: 'ask', reason: 'Runs a shell command in the workspace.' };
  }

  /** `relativePath` is already known to be inside the workspace; paths outside are refused before this. */
  checkEdit(relativePath: string, provenance: Provenance = FROM_USER_ONLY): PolicyDecision {
    if (/(^|\/)\.git(\/|$)/.test(relativePath)) return { kind: 'deny', reason: 'Refused: the agent does not edit files inside .git.' };
    if (this._editMatchers.some((matches) => matches(relativePath))) return { kind: 'allow' };
    // The sandbox keeps commands from writing these; the editor asks, and no standing yes covers them.
    if (isProtectedWorkspacePath(relativePath, this._settings.protectedPaths)) {
      return { kind: 'ask', reason: `It changes ${relativePath}, a protected file (it can make this machine run code later, or holds secrets), so Loupe asks even with approval on auto.` };
    }
    if (this._settings.approveAll) return this._standingYes(riskOfEdit(relativePath), provenance);
    return { kind: 'ask', reason: 'Changes a file in the workspace.' };
  }

  /** What approveAll grants: everything, except a risky action proposed after content from outside. */
  private _standingYes(risk: string | undefined, provenance: Provenance): PolicyDecision {
    if (risk && provenance.afterExternalContent) {
      return { kind: 'ask', reason: `It ${risk}, and it was proposed after the agent read text that did not come from you (tool output, the screen, the project's instruction files), so Loupe asks even though you approved actions in general.` };
    }
    return { kind: 'allow' };
  }

  /**
   * Starting an MCP server the project's files configure: a program is a command (in the sandbox), so
   * the command rules apply, as to text that did not come from the user; a remote server is a
   * connection. An entry that passes on the user's credentials asks a person whatever else allows it.
   */
  checkServerStart(server: { name: string; source: string; credentials: readonly string[]; commandLine?: string; url?: string }): PolicyDecision {
    const what = server.commandLine !== undefined ? `Starts the MCP server ${server.name} from ${server.source}: \`${server.commandLine}\`` : `Connects to the MCP server ${server.name} at ${server.url} (from ${server.source})`;
    if (server.credentials.length > 0) return { kind: 'ask', reason: `${what}, passing it your ${server.credentials.join(', ')}. A file in the project asks for your credentials, so Loupe asks even with approval on auto.` };
    if (server.commandLine !== undefined) {
      const decision = this.checkCommand(server.commandLine, { afterExternalContent: true });
      return decision.kind === 'ask' ? { kind: 'ask', reason: `${what}. ${decision.reason}` } : decision;
    }
    // The file chose the server's name and where it is: if the user's allow-list trusts that name, the
    // model's calls would go to the file's host unasked, so connecting needs a person.
    const trusting = (this._settings.allowedExternalTools ?? []).filter((glob) => picomatch(glob.split('/')[0] ?? '', { dot: true })(server.name));
    if (trusting.length > 0) return { kind: 'ask', reason: `${what}. Your allow-list (${trusting.join(', ')}) runs its tools without asking, and a file in the project chose its name and address, so Loupe asks even with approval on auto.` };
    return this._settings.approveAll ? { kind: 'allow' } : { kind: 'ask', reason: `${what}.` };
  }

  /** A mouse or keyboard action; `target` is Loupe's virtual display or the user's own desktop. */
  checkComputerAction(target: 'virtual' | 'desktop'): PolicyDecision {
    if (target === 'desktop') {
      if (this._settings.allowDesktopControl) return { kind: 'allow' };
      return { kind: 'ask', reason: 'Controls the mouse and keyboard on your desktop.' };
    }
    if (this._settings.approveAll || this._settings.allowVirtualComputer) return { kind: 'allow' };
    return { kind: 'ask', reason: 'Controls the mouse and keyboard on the virtual display.' };
  }
}

function commandMatches(command: string, allowed: string): boolean {
  const trimmed = command.trim();
  if (allowed.length > 2 && allowed.startsWith('/') && allowed.endsWith('/')) {
    return new RegExp(allowed.slice(1, -1)).test(trimmed);
  }
  // A prefix match must end at a word boundary, and a chained command (`npm test && curl ...`)
  // is not covered by approving its first part.
  if (/[;&|`$<>]/.test(trimmed)) return false;
  return trimmed === allowed || trimmed.startsWith(allowed + ' ');
}
