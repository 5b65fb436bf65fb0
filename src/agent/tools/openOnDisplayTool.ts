// Opens the app to look at on Loupe's virtual display: a URL in a browser window that fills the
// screen, or a program. What it opens is closed when the session ends.
import type Anthropic from '@anthropic-ai/sdk';
import { FIRST_PAINT_TIMEOUT_MS } from '../desktop/firstPaint';
import type { VirtualDisplay } from '../desktop/virtualDisplay';
import type { ProcessHost } from '../ports';
import { commandEnvironment } from './commandEnvironment';
import { checkCommandApproval } from './commandApproval';
import { z } from 'zod';
import { fail, ok, type AgentTool, type ToolContext, type ToolResult } from './tool';
import { inputSchemaOf, parseToolInput } from './toolInput';

/** What open_on_display takes: what the API is told (inputSchemaOf) and what the model's input is checked against. */
const OPEN_INPUT = z
  .object({
    url: z
      .string()
      .regex(/^(https?|file):\/\//i, { error: 'An http://, https:// or file:// URL.' })
      .optional()
      .describe('An http(s) or file URL to open in a browser.'),
    command: z.string().trim().min(1).optional().describe('A shell command that starts a desktop program, run in the workspace.'),
  })
  .refine((input) => (input.url === undefined) !== (input.command === undefined), { error: 'Give exactly one of `url` or `command`.' });

export class OpenOnDisplayTool implements AgentTool {
  readonly name = 'open_on_display';
  private readonly _opened: Array<{ stop(): Promise<void> }> = [];
  /** Where programs and the browser run: the task's sandbox once the session has one, so they share its localhost. */
  private _host: ProcessHost | undefined;

  constructor(
    private readonly _display: VirtualDisplay,
    private readonly _cwd: string,
  ) {}

  /** Runs what this tool opens in `host` (the task's sandbox, where the app under test listens). */
  useProcessHost(host: ProcessHost): void {
    this._host = host;
  }

  definition(): Anthropic.Tool {
    return {
      name: this.name,
      description:
        "Open something on the virtual display you see with the computer tool: `url` opens a browser window filling the screen (e.g. the dev server you started with background_process); `command` starts a desktop program. Then take a screenshot to look at it.",
      input_schema: inputSchemaOf(OPEN_INPUT),
    };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const checked = parseToolInput(this.name, OPEN_INPUT, input);
    if (!checked.ok) return fail(checked.error);
    const { url, command } = checked.value;
    if (url !== undefined) {
      const opened = await this._display.openUrl(url, this._host?.sandboxed ? this._host : undefined);
      this._opened.push(opened);
      const drawn = opened.painted
        ? 'Its page has drawn: take a screenshot to see it.'
        : `Its page had drawn nothing after ${FIRST_PAINT_TIMEOUT_MS / 1000} s (still loading, a blank page, or a server that does not answer): take a screenshot to see where it stands.`;
      return ok(`Opened ${url} in a browser on the virtual display (${this._display.display}). ${drawn}`);
    }
    if (command === undefined) return fail('Give exactly one of `url` or `command`.');
    const refusal = await checkCommandApproval(context, command, this._cwd);
    if (refusal) return fail(refusal);
    const host = this._host?.sandboxed ? this._host : undefined;
    const launched = this._display.launch('bash', ['-c', command], { cwd: this._cwd, ...(host ? { host, env: commandEnvironment(host.env) } : {}) });
    this._opened.push(launched);
    return ok(`Started \`${command}\` on the virtual display (pid ${launched.pid}). Take a screenshot to see it.`);
  }

  async dispose(): Promise<void> {
    await Promise.all(this._opened.splice(0).map((opened) => opened.stop()));
  }
}
