// One line on stderr that says where a long run is: trials done of all, the task and trial now
// running, the cost so far. Rewritten in place on a terminal, one line per change otherwise (CI logs).
export class ProgressLine {
  private _done = 0;
  private _passed = 0;
  private _costUsd = 0;
  private readonly _running = new Set<string>();

  constructor(
    private readonly _total: number,
    private readonly _attempts: number,
    private readonly _out: NodeJS.WriteStream = process.stderr,
  ) {}

  started(label: string): void {
    this._running.add(label);
    this._draw();
  }

  cost(amountUsd: number): void {
    this._costUsd += amountUsd;
    if (this._out.isTTY) this._draw();
  }

  finished(label: string, passed: boolean): void {
    this._running.delete(label);
    this._done++;
    if (passed) this._passed++;
    this._draw();
  }

  end(): void {
    if (this._out.isTTY) this._out.write('\n');
  }

  private _draw(): void {
    const width = 24;
    const filled = this._total ? Math.round((this._done / this._total) * width) : width;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const running = [...this._running].join(', ');
    const line = `${bar} ${this._done}/${this._total} trials, ${this._passed} passed, ${this._attempts} attempt${this._attempts === 1 ? '' : 's'} each, $${this._costUsd.toFixed(4)} so far${running ? ` · running ${running}` : ''}`;
    if (this._out.isTTY) this._out.write(`\r\x1b[2K${line.slice(0, (this._out.columns || 120) - 1)}`);
    else this._out.write(`${line}\n`);
  }
}
