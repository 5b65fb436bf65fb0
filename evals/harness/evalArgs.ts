// `npm run eval -- --model ID --trials k --attempts N --tasks GLOB --out DIR` (and --scripted for the
// harness's own models, which need no key). Bad input is a one-line usage error.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import picomatch from 'picomatch';
import type { ReplyPace } from '../../test/support/messagesApiServer';
import type { ScriptedModel } from './scriptedModels';

export interface EvalArgs {
  model: string | { scripted: ScriptedModel };
  trials: number;
  attempts: number;
  matches: (id: string) => boolean;
  tasksGlob: string;
  out: string;
  concurrency: number;
  maxSteps: number;
  maxCostUsd: number | undefined;
  keep: boolean;
  /** Benchmarks only: each attempt's check is the task's hidden checks (a check that tells right from wrong). */
  checkHidden: boolean;
  /** Benchmarks of wall time: scripted replies paced like a real model's. */
  pace?: ReplyPace;
}

export const EVAL_USAGE = `Usage: npm run eval -- [--model ID | --scripted reference|wrong] [--trials K] [--attempts N]
                      [--tasks GLOB] [--out DIR] [--concurrency C] [--max-steps S] [--max-cost USD] [--keep]

Runs the agent on the tasks in evals/tasks, each trial in a fresh copy, and scores each with the task's hidden checks.
  --model ID        the model to evaluate (needs ANTHROPIC_API_KEY); default claude-sonnet-5-5
  --scripted NAME   a model that needs no key: "reference" applies each task's solution, "wrong" its wrong fix,
                    "chance:P" the solution with probability P per attempt (else the wrong fix)
  --trials K        trials per task (default 1); pass^K needs every one to pass
  --attempts N      attempts per trial, best-of-N (default 1)
  --tasks GLOB      task ids to run (default *), e.g. 'web-*'
  --out DIR         where report.json, summary.md and report.html go (default evals/runs/<time>)
  --concurrency C   trials at once (default 1; each runs a sandbox, some a display and a browser)
  --max-steps S     model requests per trial (default 40)
  --max-cost USD    stop a trial once it has cost this much
  --keep            keep each trial's folder (its path is in report.json)
  --check-hidden    with --attempts: check each attempt with the task's hidden checks, not its own tests
                    (for benchmarks of the selection; a real run never sees the hidden checks)
  --scripted-pace S:T  scripted replies paced like a real model: the first token after S seconds, then
                    T output tokens a second (for benchmarks of wall time)`;

export class EvalUsageError extends Error {}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new EvalUsageError(`--${name} must be a whole number of at least 1, not "${text}".`);
  return value;
}

/** reference, wrong, or chance:P (success with probability P per attempt; --seed picks the draw). */
function parseScripted(text: string, seed = 1): ScriptedModel {
  if (text === 'reference' || text === 'wrong') return text;
  const chance = /^chance:(0(\.\d+)?|1(\.0+)?)$/.exec(text);
  if (chance) return { chance: Number(chance[1]), seed };
  throw new EvalUsageError(`--scripted must be reference, wrong or chance:P (P from 0 to 1), not "${text}".`);
}

/** S:T, seconds to the first token and output tokens a second, both positive. */
function parsePace(text: string): ReplyPace {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text);
  const [firstSeconds, tokensPerSecond] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(firstSeconds >= 0) || !(tokensPerSecond > 0)) throw new EvalUsageError(`--scripted-pace must be S:T (seconds to the first token, output tokens a second), e.g. 1.8:63, not "${text}".`);
  return { firstTokenMs: firstSeconds * 1000, tokensPerSecond };
}

export function parseEvalArgs(argv: string[], now = new Date()): EvalArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string' },
        scripted: { type: 'string' },
        trials: { type: 'string' },
        attempts: { type: 'string' },
        tasks: { type: 'string' },
        out: { type: 'string' },
        concurrency: { type: 'string' },
        'max-steps': { type: 'string' },
        'max-cost': { type: 'string' },
        keep: { type: 'boolean' },
        'check-hidden': { type: 'boolean' },
        'scripted-pace': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new EvalUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.model && values.scripted) throw new EvalUsageError('Give --model or --scripted, not both.');
  const scripted = values.scripted === undefined ? undefined : parseScripted(values.scripted);
  const maxCostUsd = values['max-cost'] === undefined ? undefined : Number(values['max-cost']);
  if (maxCostUsd !== undefined && !(maxCostUsd > 0)) throw new EvalUsageError(`--max-cost must be a positive amount in US dollars, not "${values['max-cost']}".`);
  const tasksGlob = values.tasks ?? '*';
  const pace = values['scripted-pace'] === undefined ? undefined : parsePace(values['scripted-pace']);
  if (pace && !scripted) throw new EvalUsageError('--scripted-pace paces a scripted model: give --scripted too.');
  return {
    model: scripted ? { scripted } : (values.model ?? 'claude-sonnet-5-5'),
    trials: positiveInteger('trials', values.trials, 1),
    attempts: positiveInteger('attempts', values.attempts, 1),
    matches: picomatch(tasksGlob),
    tasksGlob,
    out: values.out ?? join('evals', 'runs', now.toISOString().replace(/[:.]/g, '-')),
    concurrency: positiveInteger('concurrency', values.concurrency, 1),
    maxSteps: positiveInteger('max-steps', values['max-steps'], 40),
    maxCostUsd,
    keep: values.keep ?? false,
    checkHidden: values['check-hidden'] ?? false,
    ...(pace ? { pace } : {}),
  };
}
