// Parses the CLI contract from DESIGN.md:
//   loupe run "<task>" [--cwd DIR] [--model ID] [--thinking on|off] [--yes]
//                      [--computer off|virtual|desktop] [--max-steps N] [--json]
import { parseArgs } from 'node:util';
import { MAX_ATTEMPTS } from '../agent/attempts/bestOfN';
import { DEFAULT_MAX_STEPS } from '../agent/createAgentSession';
import { errorText } from '../shared/errorText';

export interface RunArgs {
  task: string;
  cwd: string;
  model: string | undefined;
  thinking: boolean;
  yes: boolean;
  computer: 'off' | 'virtual' | 'desktop';
  maxSteps: number;
  /** Spending cap in USD for the run; undefined = none. */
  maxCostUsd: number | undefined;
  /** Seconds without a stream event before a model request is given up and asked again; undefined = the default. */
  streamIdleTimeoutSeconds: number | undefined;
  json: boolean;
  /** Loupe's sandbox around every command (on where it can run). */
  sandbox: 'on' | 'off';
  /** Hosts the sandbox may reach besides localhost and the package registries. */
  allowDomains: string[];
  /** More folders sandboxed commands may write. */
  allowWrite: string[];
  /** More paths commands may not write (workspace-relative globs) or read (absolute or ~/ paths). */
  protect: string[];
  /** Start the project's MCP servers (.vscode/mcp.json, .mcp.json). */
  mcp: 'on' | 'off';
  /** MCP tools that run without asking (`server/tool` globs). */
  allowTools: string[];
  /** Attempts at the task in parallel, best one kept (1: the task as usual). */
  attempts: number;
  /** The command an attempt must pass (default: the project's test command, when one is found). */
  check: string | undefined;
}

export type ParsedCommand = { kind: 'run'; args: RunArgs } | { kind: 'help' } | { kind: 'version' };

export class UsageError extends Error {}


export const USAGE = `Usage: loupe run "<task>" [options]

Runs the Loupe agent on a folder, headless.

Options:
  --cwd DIR                    folder to work in (default: current folder)
  --model ID                   model id (default: claude-sonnet-5-5)
  --thinking on|off            extended thinking (default: off)
  --yes                        approve edits and commands (the deny list still applies)
  --computer off|virtual|desktop  computer use (default: off)
  --max-steps N                model requests allowed (default: ${DEFAULT_MAX_STEPS})
  --max-cost USD               stop cleanly once the run has cost this much
  --stream-idle-timeout S      ask the model again when its reply sends nothing for S seconds (default: 90)
  --sandbox on|off             run every command in Loupe's sandbox (default: on where it can run;
                               off runs them with your full access)
  --allow-domain HOST          let sandboxed commands reach HOST (repeatable; *.example.com for subdomains)
  --allow-write DIR            let sandboxed commands write DIR too (repeatable)
  --protect PATH               a workspace glob commands may not write, or an absolute/~/ path they may not read (repeatable)
  --mcp on|off                 start the project's MCP servers from .vscode/mcp.json and .mcp.json
                               (default: on; each server asks first unless --yes covers it)
  --allow-tool SERVER/TOOL     let the model call this MCP tool without asking (repeatable; github/* for all)
  --attempts N                 make N attempts in parallel (2-8), each in its own copy and sandbox; the
                               ones that pass the check are judged and the best is proposed to the folder
                               (with --computer virtual each attempt gets its own private display)
  --check CMD                  the command an attempt must pass (default: the project's test command)
  --json                       print one JSON event per line
  -h, --help                   show this help
  -v, --version                show the version

Environment: ANTHROPIC_API_KEY (required), ANTHROPIC_BASE_URL (optional).`;

export function parseCliArgs(argv: string[], cwd: string): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        cwd: { type: 'string' },
        model: { type: 'string' },
        thinking: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        computer: { type: 'string' },
        'max-steps': { type: 'string' },
        'max-cost': { type: 'string' },
        'stream-idle-timeout': { type: 'string' },
        json: { type: 'boolean' },
        sandbox: { type: 'string' },
        'allow-domain': { type: 'string', multiple: true },
        'allow-write': { type: 'string', multiple: true },
        protect: { type: 'string', multiple: true },
        mcp: { type: 'string' },
        'allow-tool': { type: 'string', multiple: true },
        attempts: { type: 'string' },
        check: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(errorText(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, task, ...extra] = positionals;
  if (command !== 'run') throw new UsageError(command ? `Unknown command "${command}"; the command is: loupe run "<task>".` : 'Missing command; try: loupe run "<task>".');
  if (!task || task.trim() === '') throw new UsageError('Missing task: loupe run "<task>".');
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}"; quote the task as one argument.`);

  const thinking = values.thinking ?? 'off';
  if (thinking !== 'on' && thinking !== 'off') throw new UsageError(`--thinking must be on or off, not "${thinking}".`);
  const computer = values.computer ?? 'off';
  if (computer !== 'off' && computer !== 'virtual' && computer !== 'desktop') throw new UsageError(`--computer must be off, virtual or desktop, not "${computer}".`);
  const maxStepsText = values['max-steps'];
  const maxSteps = maxStepsText === undefined ? DEFAULT_MAX_STEPS : Number(maxStepsText);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new UsageError(`--max-steps must be a whole number of at least 1, not "${maxStepsText}".`);
  const maxCostText = values['max-cost'];
  const maxCostUsd = maxCostText === undefined ? undefined : Number(maxCostText);
  if (maxCostUsd !== undefined && !(Number.isFinite(maxCostUsd) && maxCostUsd > 0)) throw new UsageError(`--max-cost must be a positive amount in US dollars, e.g. 2.50, not "${maxCostText}".`);
  const idleText = values['stream-idle-timeout'];
  const streamIdleTimeoutSeconds = idleText === undefined ? undefined : Number(idleText);
  if (streamIdleTimeoutSeconds !== undefined && !(Number.isFinite(streamIdleTimeoutSeconds) && streamIdleTimeoutSeconds > 0)) throw new UsageError(`--stream-idle-timeout must be a positive number of seconds, e.g. 90, not "${idleText}".`);
  if (values.model !== undefined && values.model.trim() === '') throw new UsageError('--model needs a model id, e.g. claude-sonnet-5-5.');
  const sandbox = values.sandbox ?? 'on';
  if (sandbox !== 'on' && sandbox !== 'off') throw new UsageError(`--sandbox must be on or off, not "${sandbox}".`);
  const allowDomains = values['allow-domain'] ?? [];
  for (const domain of allowDomains) {
    if (!/^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/i.test(domain)) throw new UsageError(`--allow-domain takes a host name such as example.com or *.example.com, not "${domain}".`);
  }
  const mcp = values.mcp ?? 'on';
  if (mcp !== 'on' && mcp !== 'off') throw new UsageError(`--mcp must be on or off, not "${mcp}".`);
  const allowTools = values['allow-tool'] ?? [];
  for (const tool of allowTools) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(tool)) throw new UsageError(`--allow-tool takes server/tool (e.g. github/get_issue, or github/* for all of a server's tools), not "${tool}".`);
  }
  const attemptsText = values.attempts;
  const attempts = attemptsText === undefined ? 1 : Number(attemptsText);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) throw new UsageError(`--attempts must be a whole number from 1 to ${MAX_ATTEMPTS}, not "${attemptsText}".`);
  // Each attempt gets a private display of its own; the user's one screen cannot be driven by N attempts at once.
  if (attempts > 1 && computer === 'desktop') throw new UsageError('--attempts with --computer desktop cannot work: one screen cannot be driven by several attempts at once. Use --computer virtual (each attempt gets its own private display) or run one attempt on your screen.');
  if (values.check !== undefined && values.check.trim() === '') throw new UsageError('--check needs a command, e.g. --check "npm test".');

  return {
    kind: 'run',
    args: { task, cwd: values.cwd ?? cwd, model: values.model, thinking: thinking === 'on', yes: values.yes ?? false, computer, maxSteps, maxCostUsd, streamIdleTimeoutSeconds, json: values.json ?? false, sandbox, allowDomains, allowWrite: values['allow-write'] ?? [], protect: values.protect ?? [], mcp, allowTools, attempts, check: values.check },
  };
}
