// Catches the model repeating the same tool call with the same input back to back, which burns
// money without progress. The model is told and asked to change approach; if it persists, the
// session stops.

/** The third identical call in a row is not run; the model is told instead. */
export const REPEAT_WARN_AT = 3;
/** Still repeating after being told three times: stop the session. */
export const REPEAT_STOP_AT = 6;

/**
 * Looking again is how a model waits for a page to load: observation calls (screenshots, waits) get
 * this many times the room before the guard steps in.
 */
const OBSERVATION_ALLOWANCE = 3;

export type LoopVerdict = { kind: 'run' } | { kind: 'refuse'; message: string } | { kind: 'stop'; message: string };

export class LoopGuard {
  private _lastSignature: string | undefined;
  private _repeats = 0;

  /** `observation`: the tool says this call only looks (see AgentTool.isObservation). */
  check(toolName: string, input: unknown, observation = false): LoopVerdict {
    const signature = `${toolName}\u0000${stableStringify(input)}`;
    this._repeats = signature === this._lastSignature ? this._repeats + 1 : 1;
    this._lastSignature = signature;
    const allowance = observation ? OBSERVATION_ALLOWANCE : 1;
    if (this._repeats >= REPEAT_STOP_AT * allowance) {
      return { kind: 'stop', message: `The model called ${toolName} with the same input ${this._repeats} times in a row; stopped to avoid a loop.` };
    }
    if (this._repeats >= REPEAT_WARN_AT * allowance) {
      return {
        kind: 'refuse',
        message: `Not run: this is the ${this._repeats}th identical ${toolName} call in a row and it would give the same result. Change approach: read the previous result, try a different command or input, or explain what is blocking you.`,
      };
    }
    return { kind: 'run' };
  }
}

/** JSON with object keys sorted, so {a,b} and {b,a} count as the same input. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
