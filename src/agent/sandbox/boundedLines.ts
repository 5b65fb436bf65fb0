// JSON lines from the sandbox's launcher, split without trusting them: a process in the sandbox can
// write to the launcher's stdout (it runs as the same user), and one endless line would grow a string
// until the host process dies of it (readline has no limit). Past the limit the sender is treated as
// hostile: the sandbox is stopped.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';

/** The launcher's longest message is one output chunk in base64 (~90 kB); far more is not the launcher. */
export const MAX_LAUNCHER_LINE_BYTES = 8 * 1024 * 1024;

export class BoundedLines extends EventEmitter<{ line: [string]; overflow: [] }> {
  private _parts: Buffer[] = [];
  private _length = 0;
  private _overflowed = false;

  constructor(input: Readable, private readonly _maxBytes = MAX_LAUNCHER_LINE_BYTES) {
    super();
    input.on('data', (chunk: Buffer) => this._take(chunk));
  }

  private _take(chunk: Buffer): void {
    if (this._overflowed) return;
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      this._parts.push(chunk.subarray(start, end));
      const line = Buffer.concat(this._parts).toString('utf8');
      this._parts = [];
      this._length = 0;
      start = end + 1;
      this.emit('line', line);
      if (this._overflowed) return;
    }
    this._parts.push(chunk.subarray(start));
    this._length += chunk.length - start;
    if (this._length > this._maxBytes) {
      this._overflowed = true;
      this._parts = [];
      this.emit('overflow');
    }
  }
}
