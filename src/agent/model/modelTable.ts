// One table, keyed by model family, that decides everything model-specific: tool versions and
// beta headers, how thinking is requested, context and output limits, and prices.
// Sources: the SDK's own types (@anthropic-ai/sdk 1.12: Model ids, ThinkingConfigParam,
// deprecation lists) and Anthropic's model overview pages (prices per million tokens, Nov 2026).
import type { ScreenshotLimits } from '../desktop/coordinates';

export interface ModelPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  /** 5-minute cache write (1.25x input on every current family). */
  cacheWritePerMTok: number;
  /** Cache read (0.1x input). */
  cacheReadPerMTok: number;
}

/** How "thinking on" is sent: adaptive where the model supports it, else a fixed budget. */
export type ThinkingSupport =
  /** Thinking cannot be switched off (Fable 5.1, Opus 5.5): "off" sends no thinking field. */
  | 'adaptive-always'
  | 'adaptive'
  /** Manual extended thinking with budget_tokens (Haiku 4.5, Sonnet/Opus 4.5). */
  | 'enabled';

export type ComputerToolVersion = 'computer_toolset_20260801' | 'computer_20251124' | 'computer_20250124';

/**
 * The beta header each computer tool version needs (Anthropic's computer-use docs); the GA toolset needs none.
 * A request that carries a beta header goes to the beta endpoint.
 */
export const COMPUTER_TOOL_BETAS: Readonly<Record<ComputerToolVersion, string | undefined>> = {
  computer_toolset_20260801: undefined,
  computer_20251124: 'computer-use-2025-11-24',
  computer_20250124: 'computer-use-2025-01-24',
};

/** Which computer tool versions have the zoom action (computer_20250124 has none). */
export const COMPUTER_TOOL_HAS_ZOOM: Readonly<Record<ComputerToolVersion, boolean>> = {
  computer_toolset_20260801: true,
  computer_20251124: true,
  computer_20250124: false,
};

/**
 * Server-side compaction (the `compact_20260112` context-management edit, beta header `compact-2026-01-12`): the API
 * summarises the conversation itself once the prompt passes a trigger and returns a `compaction` block to send back.
 * Families get it only where Anthropic's compaction page lists them ("Supported models": Claude Mythos Preview,
 * Opus 4.7, Opus 4.6, Sonnet 4.6; platform.claude.com/docs/en/build-with-claude/compaction). The pages we could read
 * say nothing about the 4.5 and 5.x families, so those keep the client-side summary (context/compaction.ts).
 */
export const SERVER_COMPACTION_BETA = 'compact-2026-01-12';
/** The smallest trigger the compaction edit accepts (same page: "minimum 50,000 tokens"; default 150,000). */
export const MIN_SERVER_COMPACTION_TRIGGER = 50_000;

/** The largest image a model reads at native resolution: long edge in pixels, and visual tokens (⌈w/28⌉×⌈h/28⌉). */
export type { ScreenshotLimits };

/**
 * Anthropic's vision docs: 1568 px on the long edge and about 1568 visual tokens on the standard tier. Newer models
 * read larger images (reports put models from Opus 4.7 on at 2576 px / 4784 tokens; Anthropic's pages we could read
 * do not confirm the number, so we stay well inside it). Beta computer tools downscale anything larger on the server
 * (and the model's coordinates then miss); the toolset rejects it. So screenshots never exceed these.
 * The long edge also stays at 2000 px: past 20 images in one request the API refuses anything larger.
 * The Opus 4.6–4.8 row keeps the standard limits because it also covers 4.6.
 */
const STANDARD_IMAGES: ScreenshotLimits = { maxLongEdge: 1568, maxTokens: 1568 };
const HIGH_RES_IMAGES: ScreenshotLimits = { maxLongEdge: 2000, maxTokens: 4784 };

export interface ModelFamily {
  /** Human name for settings and errors. */
  label: string;
  /** Model ids of this family start with this prefix (longest prefix wins). */
  idPrefix: string;
  contextWindow: number;
  maxOutputTokens: number;
  thinking: ThinkingSupport;
  prices: ModelPrices;
  /** Some families bill prompts past a size at a higher rate (Haiku 5.5 above 100K input tokens). */
  longPromptPrices?: { aboveInputTokens: number; prices: ModelPrices };
  textEditorTool: 'text_editor_20250728';
  bashTool: 'bash_20250124';
  computerTool: ComputerToolVersion;
  /** Screenshots sent to this family never exceed these (see STANDARD_IMAGES). */
  screenshotLimits: ScreenshotLimits;
  /** The API compacts the conversation itself (see SERVER_COMPACTION_BETA); false: Loupe summarises client-side. */
  serverCompaction: boolean;
  /** Families the API reports as deprecated; we warn rather than fail. */
  deprecated?: string;
}

function prices(input: number, output: number): ModelPrices {
  return { inputPerMTok: input, outputPerMTok: output, cacheWritePerMTok: input * 1.25, cacheReadPerMTok: input * 0.1 };
}

const TOOLS_2025 = { textEditorTool: 'text_editor_20250728', bashTool: 'bash_20250124' } as const;
const ONE_MILLION = 1_000_000;

const OPUS_4_6_TO_4_8: ModelFamily = { label: 'Claude Opus 4.6–4.8', idPrefix: 'claude-opus-4-', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive', prices: prices(5, 25), ...TOOLS_2025, computerTool: 'computer_20251124', screenshotLimits: STANDARD_IMAGES, serverCompaction: false };

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  { label: 'Claude Fable 5', idPrefix: 'claude-fable-5', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive-always', prices: prices(10, 50), ...TOOLS_2025, computerTool: 'computer_toolset_20260801', screenshotLimits: HIGH_RES_IMAGES, serverCompaction: false },
  { label: 'Claude Mythos 5', idPrefix: 'claude-mythos-5', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive-always', prices: prices(10, 50), ...TOOLS_2025, computerTool: 'computer_toolset_20260801', screenshotLimits: HIGH_RES_IMAGES, serverCompaction: false },
  { label: 'Claude Opus 5.5', idPrefix: 'claude-opus-5-5', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive-always', prices: prices(4, 20), ...TOOLS_2025, computerTool: 'computer_toolset_20260801', screenshotLimits: HIGH_RES_IMAGES, serverCompaction: false },
  { label: 'Claude Sonnet 5.5', idPrefix: 'claude-sonnet-5-5', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive', prices: prices(2, 10), ...TOOLS_2025, computerTool: 'computer_toolset_20260801', screenshotLimits: HIGH_RES_IMAGES, serverCompaction: false },
  {
    label: 'Claude Haiku 5.5', idPrefix: 'claude-haiku-5-5', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive', prices: prices(0.1, 0.5),
    longPromptPrices: { aboveInputTokens: 100_000, prices: prices(0.5, 2.5) }, ...TOOLS_2025, computerTool: 'computer_toolset_20260801', screenshotLimits: HIGH_RES_IMAGES, serverCompaction: false,
  },
  { label: 'Claude Opus 5', idPrefix: 'claude-opus-5', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive', prices: prices(5, 25), ...TOOLS_2025, computerTool: 'computer_20251124', screenshotLimits: HIGH_RES_IMAGES, serverCompaction: false },
  { label: 'Claude Sonnet 5', idPrefix: 'claude-sonnet-5', contextWindow: ONE_MILLION, maxOutputTokens: 128_000, thinking: 'adaptive', prices: prices(2, 10), ...TOOLS_2025, computerTool: 'computer_20251124', screenshotLimits: HIGH_RES_IMAGES, serverCompaction: false },
  OPUS_4_6_TO_4_8,
  // Same family, but Anthropic's compaction page lists 4.6 and 4.7 only (4.8 stays client-side until it says so).
  { ...OPUS_4_6_TO_4_8, label: 'Claude Opus 4.6', idPrefix: 'claude-opus-4-6', serverCompaction: true },
  { ...OPUS_4_6_TO_4_8, label: 'Claude Opus 4.7', idPrefix: 'claude-opus-4-7', serverCompaction: true },
  { label: 'Claude Opus 4.5', idPrefix: 'claude-opus-4-5', contextWindow: 200_000, maxOutputTokens: 64_000, thinking: 'enabled', prices: prices(5, 25), ...TOOLS_2025, computerTool: 'computer_20251124', screenshotLimits: STANDARD_IMAGES, serverCompaction: false },
  { label: 'Claude Sonnet 4.6', idPrefix: 'claude-sonnet-4-6', contextWindow: ONE_MILLION, maxOutputTokens: 64_000, thinking: 'adaptive', prices: prices(3, 15), ...TOOLS_2025, computerTool: 'computer_20251124', screenshotLimits: STANDARD_IMAGES, serverCompaction: true },
  { label: 'Claude Sonnet 4.5', idPrefix: 'claude-sonnet-4-5', contextWindow: 200_000, maxOutputTokens: 64_000, thinking: 'enabled', prices: prices(3, 15), ...TOOLS_2025, computerTool: 'computer_20250124', screenshotLimits: STANDARD_IMAGES, serverCompaction: false, deprecated: 'end of life on November 30th, 2026' },
  { label: 'Claude Haiku 4.5', idPrefix: 'claude-haiku-4-5', contextWindow: 200_000, maxOutputTokens: 64_000, thinking: 'enabled', prices: prices(1, 5), ...TOOLS_2025, computerTool: 'computer_20250124', screenshotLimits: STANDARD_IMAGES, serverCompaction: false },
];

/** The current Sonnet: Anthropic's recommended balance of speed and capability for coding agents. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** Used for ids no family matches (a model newer than this table): priced like the default, adaptive thinking. */
const FALLBACK_FAMILY: ModelFamily = { ...MODEL_FAMILIES.find((f) => f.idPrefix === 'claude-sonnet-5-5')!, label: 'Unknown model (priced as Claude Sonnet 5.5)', idPrefix: '' };

export function familyOf(modelId: string): ModelFamily {
  let best: ModelFamily | undefined;
  for (const family of MODEL_FAMILIES) {
    if (modelId.startsWith(family.idPrefix) && (!best || family.idPrefix.length > best.idPrefix.length)) best = family;
  }
  return best ?? FALLBACK_FAMILY;
}

export function isKnownModel(modelId: string): boolean {
  return familyOf(modelId) !== FALLBACK_FAMILY;
}

/** Prices for one request, honouring long-prompt tiers. */
export function pricesFor(family: ModelFamily, promptTokens: number, overrides?: Partial<ModelPrices>): ModelPrices {
  const base = family.longPromptPrices && promptTokens > family.longPromptPrices.aboveInputTokens ? family.longPromptPrices.prices : family.prices;
  return { ...base, ...overrides };
}
