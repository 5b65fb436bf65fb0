// Loupe's settings (`loupe.*` in package.json's contributes.configuration), read once per task so a
// change applies to the next task. Values of the wrong type fall back to the defaults.
import * as vscode from 'vscode';
import { DEFAULT_SCREENSHOT_HISTORY, type ScreenshotHistorySettings } from '../agent/context/screenshotHistory';
import { DEFAULT_MAX_STEPS } from '../agent/createAgentSession';
import { DEFAULT_MODEL } from '../agent/model/modelTable';
import type { SandboxSettings } from '../agent/sandbox/taskSandbox';

/** 'ask': review each change and command the policy does not allow outright; 'auto': the user's standing yes. */
export type ApprovalMode = 'ask' | 'auto';

/** 'auto': Loupe's own virtual display where it can run (Linux with Xvfb), else none. */
export type ComputerSetting = 'auto' | 'off' | 'virtual' | 'desktop';
const COMPUTER_SETTINGS: readonly ComputerSetting[] = ['auto', 'off', 'virtual', 'desktop'];

export interface LoupeSettings {
  approval: ApprovalMode;
  model: string;
  thinking: boolean;
  maxSteps: number;
  allowedCommands: string[];
  allowedEditGlobs: string[];
  screenshotHistory: ScreenshotHistorySettings;
  /** Undefined: 80% of the model's context window. */
  compactAtTokens: number | undefined;
  maxCostUsd: number | undefined;
  /** Undefined: the model client's default. */
  streamIdleTimeoutSeconds: number | undefined;
  computer: ComputerSetting;
  /** Computer actions on the user's own display run without asking. */
  allowDesktopControl: boolean;
  sandbox: SandboxSettings;
  /** MCP tools that run without asking (`server/tool` globs); from the user's settings only. */
  allowedMcpTools: string[];
  /** Attempts Run Task with Attempts… offers first. */
  attempts: number;
  /** The command each attempt must pass; from the user's settings only (it runs without asking). */
  checkCommand: string | undefined;
}

export function readSettings(): LoupeSettings {
  const config = vscode.workspace.getConfiguration('loupe');
  const model = config.get<unknown>('model');
  const keep = positiveInteger(config.get<unknown>('screenshotHistory'));
  return {
    // Anything unexpected counts as the safe default, 'ask'.
    approval: config.get<unknown>('approval') === 'auto' ? 'auto' : 'ask',
    model: typeof model === 'string' && model.trim() ? model.trim() : DEFAULT_MODEL,
    thinking: config.get<unknown>('thinking') === true,
    maxSteps: positiveInteger(config.get<unknown>('maxSteps')) ?? DEFAULT_MAX_STEPS,
    allowedCommands: strings(config.get<unknown>('allowedCommands')),
    allowedEditGlobs: strings(config.get<unknown>('allowedEditGlobs')),
    screenshotHistory: keep ? { ...DEFAULT_SCREENSHOT_HISTORY, keep } : DEFAULT_SCREENSHOT_HISTORY,
    compactAtTokens: positiveInteger(config.get<unknown>('compactAtTokens')),
    maxCostUsd: positiveNumber(config.get<unknown>('maxCostUsd')),
    streamIdleTimeoutSeconds: positiveNumber(config.get<unknown>('streamIdleTimeoutSeconds')),
    computer: oneOf(config.get<unknown>('computer'), COMPUTER_SETTINGS) ?? 'auto',
    allowDesktopControl: config.get<unknown>('allowDesktopControl') === true,
    sandbox: readSandboxSettings(config),
    // Like the sandbox's: a repository's own settings must not let a tool run without asking.
    allowedMcpTools: strings(userValue(config, 'mcp.allowedTools')),
    attempts: Math.min(8, Math.max(2, positiveInteger(config.get<unknown>('attempts')) ?? 3)),
    checkCommand: nonEmptyString(userValue(config, 'checkCommand')),
  };
}

function userValue(config: vscode.WorkspaceConfiguration, name: string): unknown {
  const inspected = config.inspect(name);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/**
 * The sandbox's settings from the user's own settings only: a folder's .vscode/settings.json comes with
 * the repository, and a hostile one must not turn the sandbox off or open its network (the manifest
 * scopes them to `application` too, so VS Code does not offer them per folder).
 */
function readSandboxSettings(config: vscode.WorkspaceConfiguration): SandboxSettings {
  const user = (name: string): unknown => userValue(config, name);
  return {
    mode: user('sandbox') === 'off' ? 'off' : 'on',
    allowedDomains: strings(user('sandboxAllowedDomains')),
    writablePaths: strings(user('sandboxWritablePaths')),
    protectedPaths: strings(user('sandboxProtectedPaths')),
  };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}
