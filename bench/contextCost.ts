// What a long computer-use session costs in input tokens under Loupe's context policy (screenshot
// pruning + cache breakpoints) and under two Anthropic references, on the same generated transcripts,
// with the same prompt-cache rules (bench/promptCacheModel.ts). The transcripts are generated the way
// the product runs on the computer toolset (src/agent/tools/computer/): each step is an action call
// answered with one line and a screenshot call answered with the image. Then the memory of a real 500-step
// session (bench/sessionMemory.ts, in a child process). The loop's time per step is in bench/loopOverhead.ts.
import type Anthropic from '@anthropic-ai/sdk';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { withCacheBreakpoints } from '../src/agent/context/cacheBreakpoints';
import { DEFAULT_SCREENSHOT_HISTORY, oldestScreenshotToolUseId, pruneScreenshots, type ScreenshotHistorySettings } from '../src/agent/context/screenshotHistory';
import { screenshotSizeFor } from '../src/agent/desktop/coordinates';
import { DEFAULT_MODEL, familyOf } from '../src/agent/model/modelTable';
import { screenshotLimitsFor } from '../src/agent/tools/computer/screenshotDetail';
import { startMessagesApiServer } from '../test/support/messagesApiServer';
import { PromptCacheModel, screenshotBlock, type RequestCost } from './promptCacheModel';
import { memoryScript, MEMORY_STEPS } from './sessionMemory';

/** The display: 1280x800 is a common laptop size and Loupe's default virtual display. */
const DISPLAY = { width: 1280, height: 800 };
/** What Loupe sends the default model for that display, computed by the code the computer tool uses. */
const LOUPE_FAMILY = familyOf(DEFAULT_MODEL);
const LOUPE_SCREENSHOT = screenshotSizeFor(DISPLAY, screenshotLimitsFor(LOUPE_FAMILY.computerTool, LOUPE_FAMILY.screenshotLimits));
const FULL_SCREENSHOT = screenshotSizeFor(DISPLAY, LOUPE_FAMILY.screenshotLimits);
/**
 * Tools (computer, bash, editor) and the system prompt, the same for all three policies: the
 * computer tool alone adds ~735 tokens of system prompt plus its definition (Anthropic's docs).
 */
const TOOLS_TOKENS = 1_500;
const SYSTEM_PROMPT_CHARS = 6_000;
/** Model latency + action + settle: within the 5-minute cache lifetime, as in a real session. */
const SECONDS_PER_STEP = 10;

interface ContextPolicy {
  name: string;
  /** The screenshot the model sees for a 1280x800 display. */
  screenshot: { width: number; height: number; mediaType: 'image/png' | 'image/jpeg' };
  /** What is sent for the stored history (which it may change in place, as Loupe's session does). */
  prepare(system: Anthropic.TextBlockParam[], history: Anthropic.MessageParam[]): { system: Anthropic.TextBlockParam[]; messages: Anthropic.MessageParam[] };
}

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * Anthropic's computer-use demo on the Anthropic API: github.com/anthropics/claude-quickstarts at 370e18d,
 * computer-use-demo/computer_use_demo/loop.py: prompt caching turns image pruning off (line 130,
 * `only_n_most_recent_images = 0`), the system prompt gets a breakpoint (line 132) and
 * `_inject_prompt_caching` (line 287) one on the last block of each of the 3 latest user turns.
 */
const computerUseDemo: ContextPolicy = {
  name: 'computer-use demo (keep all, system + 3 user turns)',
  // Its XGA/WXGA scaling targets: a 1280x800 display is sent as is (WXGA), as PNG.
  screenshot: { ...DISPLAY, mediaType: 'image/png' },
  prepare(system, history) {
    // With prompt caching on, loop.py sets only_n_most_recent_images = 0: nothing is pruned.
    const userTurns = history.flatMap((message, index) => (message.role === 'user' ? [index] : [])).slice(-3);
    const messages = history.map((message, index) => (userTurns.includes(index) ? markLastBlock(message) : message));
    return { system: system.map((block) => ({ ...block, cache_control: EPHEMERAL })), messages };
  },
};

/**
 * Anthropic's computer-use best-practices quickstart: github.com/anthropics/claude-quickstarts at 370e18d,
 * computer-use-best-practices. Its default strategy is "interval" with min 3 and interval 40 (constants.py
 * lines 132-135), no size cap on the Anthropic API (line 56): `StripImagesAtIntervals` (computer_use/formatters.py
 * lines 55-77) keeps `(total % 40) + 3` images, `total` being the images still in the history, which it changes in
 * place before each request (loop.py line 381), so the images sent climb from 3 and fall back every 37 steps.
 * Breakpoints: the system prompt (loop.py line 352) and the last 3 tool_result blocks (loop.py lines 59-81, 389).
 */
const quickstart: ContextPolicy = {
  name: 'best-practices quickstart (total % 40 + 3, system + 3 tool_results)',
  // JPEG q75 (constants.py line 94) within 1568 px on the long edge and 1568 tokens (lines 104-105): 1280x800 (1,334 tokens) fits as is.
  screenshot: { ...DISPLAY, mediaType: 'image/jpeg' },
  prepare(system, history) {
    const total = history.reduce((sum, message) => sum + imagesIn(message), 0);
    let toOmit = Math.max(0, total - ((total % 40) + 3));
    for (const [index, message] of history.entries()) {
      if (toOmit === 0) break;
      if (typeof message.content === 'string') continue;
      const content = message.content.map((block) => {
        if (block.type !== 'tool_result' || !Array.isArray(block.content)) return block;
        const inner = block.content.map((part) => {
          if (part.type !== 'image' || toOmit === 0) return part;
          toOmit -= 1;
          return { type: 'text' as const, text: '[Image Omitted]' };
        });
        return { ...block, content: inner };
      });
      history[index] = { ...message, content } as Anthropic.MessageParam;
    }
    const messages = [...history];
    const results = messages.flatMap((message, m) =>
      typeof message.content === 'string' ? [] : message.content.flatMap((block, b) => (block.type === 'tool_result' ? [[m, b] as const] : [])),
    );
    for (const [m, b] of results.slice(-3)) {
      const message = messages[m]!;
      const content = [...(message.content as Anthropic.ContentBlockParam[])];
      content[b] = { ...content[b]!, cache_control: EPHEMERAL } as Anthropic.ContentBlockParam;
      messages[m] = { ...message, content } as Anthropic.MessageParam;
    }
    return { system: system.map((block) => ({ ...block, cache_control: EPHEMERAL })), messages };
  },
};

/** Loupe: the session's own functions, called the way session.ts calls them before each request. */
function loupe(settings: ScreenshotHistorySettings, screenshot: { width: number; height: number } = LOUPE_SCREENSHOT): ContextPolicy {
  let previousOldest: string | undefined;
  return {
    name: `Loupe (keep ${settings.keep}, chunk ${settings.chunk}, ${screenshot.width}x${screenshot.height}; system + anchor + 2 user turns)`,
    screenshot: { ...screenshot, mediaType: 'image/png' },
    prepare(system, history) {
      const anchor = previousOldest;
      pruneScreenshots(history, settings);
      previousOldest = oldestScreenshotToolUseId(history);
      return withCacheBreakpoints(system, history, anchor ? { anchorBeforeToolUseId: anchor } : {});
    },
  };
}

function markLastBlock(message: Anthropic.MessageParam): Anthropic.MessageParam {
  if (typeof message.content === 'string') return message;
  const content = [...message.content];
  content[content.length - 1] = { ...content.at(-1)!, cache_control: EPHEMERAL } as Anthropic.ContentBlockParam;
  return { ...message, content } as Anthropic.MessageParam;
}

function imagesIn(message: Anthropic.MessageParam): number {
  if (typeof message.content === 'string') return 0;
  return message.content.reduce((sum, block) => sum + (block.type === 'tool_result' && Array.isArray(block.content) ? block.content.filter((part) => part.type === 'image').length : 0), 0);
}

// --- The generated transcript: deterministic, so every policy sees the same session. ---

/** A small linear congruential generator, so the transcript is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const SENTENCES = [
  'The settings page is open; the Save button is at the bottom right of the form.',
  'The dialog closed and the list now shows the new entry.',
  "I'll click into the search field and type the product name.",
  'The page is still loading, so I will wait a moment before checking again.',
  'The dropdown opened; "Monthly" is the third option.',
  'The form shows a validation error under the email field: the address lacks a domain.',
  'Scrolling down to find the totals row in the table.',
];

/** The toolset's name, which its tool calls carry and their results echo (src/agent/toolRunner.ts). */
const TOOLSET = 'computer';

interface GeneratedStep {
  /** Text, an action call and a screenshot call, as one turn on the computer toolset. */
  assistant: Anthropic.MessageParam;
  /** The action's result, the line the product answers it with (computerActions.ts). */
  actionResult: Anthropic.ToolResultBlockParam;
  /** The screenshot call's id: each policy adds its own image size to its result. */
  screenshotId: string;
}

function generateTranscript(steps: number): GeneratedStep[] {
  const random = seeded(steps);
  return Array.from({ length: steps }, (_, step) => {
    const sentences = 1 + Math.floor(random() * 3);
    const text = Array.from({ length: sentences }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]!).join(' ');
    const x = Math.floor(random() * DISPLAY.width);
    const y = Math.floor(random() * DISPLAY.height);
    const kind = random();
    const [name, input, line] =
      kind < 0.6
        ? ['left_click', { coordinate: [x, y] }, 'Clicked.']
        : kind < 0.8
          ? ['type', { text: `order ${step} for the quarterly report` }, 'Typed.']
          : kind < 0.9
            ? ['scroll', { coordinate: [x, y], scroll_direction: 'down', scroll_amount: 3 }, 'Scrolled down.']
            : ['key', { text: 'Return' }, 'Pressed Return.'];
    const actionId = `toolu_${String(step * 2).padStart(24, '0')}`;
    const screenshotId = `toolu_${String(step * 2 + 1).padStart(24, '0')}`;
    const call = (id: string, tool: string, toolInput: object) => ({ type: 'tool_use', id, name: tool, input: toolInput, toolset_name: TOOLSET }) as Anthropic.ToolUseBlockParam;
    return {
      screenshotId,
      assistant: { role: 'assistant', content: [{ type: 'text', text }, call(actionId, name, input), call(screenshotId, 'screenshot', {})] },
      actionResult: { type: 'tool_result', tool_use_id: actionId, content: line, toolset_name: TOOLSET } as Anthropic.ToolResultBlockParam,
    };
  });
}

interface SessionCost {
  requests: RequestCost[];
}

/** Replays the transcript: request k carries the task and steps 1..k, each action answered with its line and each screenshot call with the image. */
function simulate(policy: ContextPolicy, transcript: GeneratedStep[]): SessionCost {
  const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'You are a computer-use agent. '.padEnd(SYSTEM_PROMPT_CHARS, 'Follow the rules. ') }];
  const history: Anthropic.MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'Open the shop admin on the virtual display, add the three orders from orders.csv, and check the monthly total.' }] }];
  const cache = new PromptCacheModel();
  const requests: RequestCost[] = [];
  transcript.forEach((step, index) => {
    history.push(step.assistant);
    const shot = screenshotBlock(index, policy.screenshot.width, policy.screenshot.height, policy.screenshot.mediaType);
    history.push({ role: 'user', content: [step.actionResult, { type: 'tool_result', tool_use_id: step.screenshotId, content: [shot], toolset_name: TOOLSET } as Anthropic.ToolResultBlockParam] });
    const prompt = policy.prepare(system, history);
    requests.push(cache.measure({ tokens: TOOLS_TOKENS }, prompt.system, prompt.messages, index * SECONDS_PER_STEP));
  });
  return { requests };
}

function sum(costs: RequestCost[], field: keyof RequestCost): number {
  return costs.reduce((total, cost) => total + cost[field], 0);
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');

function costTable(lengths: number[], policies: ContextPolicy[]): Map<string, Map<number, SessionCost>> {
  const results = new Map<string, Map<number, SessionCost>>();
  for (const policy of policies) {
    const byLength = new Map<number, SessionCost>();
    for (const steps of lengths) byLength.set(steps, simulate(policy, generateTranscript(steps)));
    results.set(policy.name, byLength);
  }
  return results;
}

function printCosts(lengths: number[], references: ContextPolicy[], ours: ContextPolicy[]): void {
  const results = costTable(lengths, [...references, ...ours]);
  for (const steps of lengths) {
    console.log(`\n${steps}-step generated computer-use transcript (action + screenshot call per step), ${DISPLAY.width}x${DISPLAY.height} display (all tokens are input tokens; billed-eq = uncached + 1.25 x write + 0.1 x read)`);
    console.log(
      `  ${'policy'.padEnd(96)} ${'imgs/req max'.padStart(12)} ${'img tok/req'.padStart(11)} ${'uncached'.padStart(10)} ${'cache write'.padStart(11)} ${'cache read'.padStart(11)} ${'billed-eq/step'.padStart(14)} ${'last request'.padStart(12)}`,
    );
    const perStep = new Map<string, number>();
    for (const policy of [...references, ...ours]) {
      const { requests } = results.get(policy.name)!.get(steps)!;
      const billed = sum(requests, 'billedEquivalent') / steps;
      perStep.set(policy.name, billed);
      console.log(
        `  ${policy.name.padEnd(96)} ${String(Math.max(...requests.map((r) => r.images))).padStart(12)} ${format(sum(requests, 'imageTokens') / steps).padStart(11)} ${format(sum(requests, 'uncached')).padStart(10)} ${format(sum(requests, 'cacheWrite')).padStart(11)} ${format(sum(requests, 'cacheRead')).padStart(11)} ${format(billed).padStart(14)} ${format(requests.at(-1)!.billedEquivalent).padStart(12)}`,
      );
    }
    const best = Math.min(...references.map((policy) => perStep.get(policy.name)!));
    for (const policy of ours) {
      const ratios = references.map((reference) => `${(perStep.get(policy.name)! / perStep.get(reference.name)!).toFixed(2)}x ${reference.name.split(' (')[0]}`).join(', ');
      const verdict = steps === Math.max(...lengths) ? ` — target ≤ 0.60x the better reference: ${perStep.get(policy.name)! / best <= 0.6 ? 'met' : 'NOT met'}` : '';
      console.log(`  ${comparisonLabel(policy)}: Loupe = ${ratios}${verdict}`);
    }
  }
}

/** Which comparison a Loupe row is: at the references' screenshot size it isolates the context policy; smaller, it mixes in the resolution. */
function comparisonLabel(policy: ContextPolicy): string {
  const size = `${policy.screenshot.width}x${policy.screenshot.height}`;
  return policy.screenshot.width === DISPLAY.width && policy.screenshot.height === DISPLAY.height
    ? `like for like (${size} screenshots, as the references send: pruning and cache policy only)`
    : `as shipped (${size} overview screenshots against the references' ${DISPLAY.width}x${DISPLAY.height}: resolution and policy together)`;
}

/** Runs bench/sessionMemory.ts in a child with --expose-gc; the test server stays here, so its request log does not count. */
async function measureMemory(): Promise<void> {
  const server = await startMessagesApiServer(memoryScript());
  try {
    const child = fork(join(import.meta.dirname, 'sessionMemory.ts'), [server.url], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const report = await new Promise<{ at50: number; at500: number; outcome: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { at50: number; at500: number; outcome: string }));
      child.once('exit', (code) => reject(new Error(`the memory child exited with code ${code} before reporting`)));
    });
    const growthMb = (report.at500 - report.at50) / 2 ** 20;
    console.log(`\nmemory: a real AgentSession, ${MEMORY_STEPS} steps (update_plan with varying input) against the Messages-API test server in the parent process`);
    console.log(`  heap used after gc: step 50 ${(report.at50 / 2 ** 20).toFixed(1)} MB, step ${MEMORY_STEPS} ${(report.at500 / 2 ** 20).toFixed(1)} MB; growth ${growthMb.toFixed(1)} MB (target < 50 MB: ${growthMb < 50 ? 'met' : 'NOT met'}); session ${report.outcome}`);
  } finally {
    await server.close();
  }
}

/** Settings Loupe could choose, at 200 steps, beside the better reference: where the target lies. */
function printSweep(): void {
  const steps = Math.max(...LENGTHS);
  const transcript = generateTranscript(steps);
  const perStep = (policy: ContextPolicy) => sum(simulate(policy, transcript).requests, 'billedEquivalent') / steps;
  const best = Math.min(perStep(computerUseDemo), perStep(quickstart));
  const sizes = [FULL_SCREENSHOT, LOUPE_SCREENSHOT];
  console.log(`\nsweep at ${steps} steps, Loupe: billed-eq per step (ratio to the better reference, ${format(best)})`);
  for (const size of sizes) {
    const cells: string[] = [];
    for (const keep of [2, 3]) {
      for (const chunk of [5, 10, 20]) {
        const value = perStep(loupe({ keep, chunk }, size));
        cells.push(`keep ${keep}/chunk ${chunk}: ${format(value)} (${(value / best).toFixed(2)}x)`);
      }
    }
    console.log(`  screenshots ${size.width}x${size.height}: ${cells.join('; ')}`);
  }
}

const LENGTHS = [40, 200];
console.log('context cost: the same generated computer-use transcripts under three context policies, one prompt-cache model (bench/promptCacheModel.ts)');
printCosts(
  LENGTHS,
  [computerUseDemo, quickstart],
  [loupe(DEFAULT_SCREENSHOT_HISTORY), loupe(DEFAULT_SCREENSHOT_HISTORY, FULL_SCREENSHOT)],
);
printSweep();
console.log("\nloop overhead per step: see bench/loopOverhead.ts (npm run bench runs it).");
await measureMemory();
