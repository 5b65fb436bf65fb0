// What a long computer-use session costs in input tokens under Loupe's context policy (screenshot
// pruning + cache breakpoints) and under two Anthropic references, on the same recorded transcripts,
// with the same prompt-cache rules (bench/promptCacheModel.ts). Then the memory of a real 500-step
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

/** Anthropic's computer-use demo (claude-quickstarts/computer-use-demo, loop.py) on the Anthropic API. */
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

/** The newer computer-use best-practices quickstart: `(total % 40) + 3` images, system + last 3 tool_results. */
const quickstart: ContextPolicy = {
  name: 'best-practices quickstart (total % 40 + 3, system + 3 tool_results)',
  // JPEG q75 within 1568 px on the long edge and ~1568 tokens: 1280x800 (1,334 tokens) fits as is.
  screenshot: { ...DISPLAY, mediaType: 'image/jpeg' },
  prepare(system, history) {
    // `total` counts every screenshot taken (the stored history is not changed), so removals come
    // every 40 steps and the images sent go 3, 4, ... 42, then back to 3.
    const total = history.reduce((sum, message) => sum + imagesIn(message), 0);
    let toOmit = Math.max(0, total - ((total % 40) + 3));
    const messages = history.map((message): Anthropic.MessageParam => {
      if (toOmit === 0 || typeof message.content === 'string') return message;
      const content = message.content.map((block) => {
        if (block.type !== 'tool_result' || !Array.isArray(block.content)) return block;
        const inner = block.content.map((part) => {
          if (part.type !== 'image' || toOmit === 0) return part;
          toOmit -= 1;
          return { type: 'text' as const, text: '[Image Omitted]' };
        });
        return { ...block, content: inner };
      });
      return { ...message, content } as Anthropic.MessageParam;
    });
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

// --- The recorded transcript: deterministic, so every policy sees the same session. ---

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

interface RecordedStep {
  assistant: Anthropic.MessageParam;
  /** The tool result, without its screenshot (each policy adds its own size). */
  toolUseId: string;
}

function recordTranscript(steps: number): RecordedStep[] {
  const random = seeded(steps);
  return Array.from({ length: steps }, (_, step) => {
    const sentences = 1 + Math.floor(random() * 3);
    const text = Array.from({ length: sentences }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]!).join(' ');
    const x = Math.floor(random() * DISPLAY.width);
    const y = Math.floor(random() * DISPLAY.height);
    const kind = random();
    const input = kind < 0.6 ? { action: 'left_click', coordinate: [x, y] } : kind < 0.8 ? { action: 'type', text: `order ${step} for the quarterly report` } : kind < 0.9 ? { action: 'scroll', coordinate: [x, y], scroll_direction: 'down', scroll_amount: 3 } : { action: 'key', text: 'Return' };
    const toolUseId = `toolu_${String(step).padStart(24, '0')}`;
    return { toolUseId, assistant: { role: 'assistant', content: [{ type: 'text', text }, { type: 'tool_use', id: toolUseId, name: 'computer', input }] } };
  });
}

interface SessionCost {
  requests: RequestCost[];
}

/** Replays the transcript: request k carries the task and steps 1..k, each answered with a screenshot. */
function simulate(policy: ContextPolicy, transcript: RecordedStep[]): SessionCost {
  const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'You are a computer-use agent. '.padEnd(SYSTEM_PROMPT_CHARS, 'Follow the rules. ') }];
  const history: Anthropic.MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'Open the shop admin on the virtual display, add the three orders from orders.csv, and check the monthly total.' }] }];
  const cache = new PromptCacheModel();
  const requests: RequestCost[] = [];
  transcript.forEach((step, index) => {
    history.push(step.assistant);
    const shot = screenshotBlock(index, policy.screenshot.width, policy.screenshot.height, policy.screenshot.mediaType);
    history.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: step.toolUseId, content: [shot] }] });
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
    for (const steps of lengths) byLength.set(steps, simulate(policy, recordTranscript(steps)));
    results.set(policy.name, byLength);
  }
  return results;
}

function printCosts(lengths: number[], references: ContextPolicy[], ours: ContextPolicy[]): void {
  const results = costTable(lengths, [...references, ...ours]);
  for (const steps of lengths) {
    console.log(`\n${steps}-step computer-use transcript, ${DISPLAY.width}x${DISPLAY.height} display (all tokens are input tokens; billed-eq = uncached + 1.25 x write + 0.1 x read)`);
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
      console.log(`  ${policy.name.split(';')[0]}) = ${ratios}${verdict}`);
    }
  }
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
  const transcript = recordTranscript(steps);
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
console.log('context cost: the same recorded computer-use transcripts under three context policies, one prompt-cache model (bench/promptCacheModel.ts)');
printCosts(
  LENGTHS,
  [computerUseDemo, quickstart],
  [loupe(DEFAULT_SCREENSHOT_HISTORY), loupe(DEFAULT_SCREENSHOT_HISTORY, FULL_SCREENSHOT)],
);
printSweep();
console.log("\nloop overhead per step: see bench/loopOverhead.ts (npm run bench runs it).");
await measureMemory();
