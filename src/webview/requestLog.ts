// The per-request cost view: one row per model request (input, cache write, cache read, output, cost),
// opened from the header's token count. A long session's cache behaviour is visible at a glance.
import type { UsageRecord } from '../shared/transcriptEvents';
import { element } from './dom';

export class RequestLog {
  readonly root = element('table', 'requests');
  private readonly _body = element('tbody');

  constructor() {
    const head = element('thead');
    const row = element('tr');
    for (const title of ['#', 'input', 'cache write', 'cache read', 'output', 'cost']) row.append(element('th', undefined, title));
    head.append(row);
    this.root.append(head, this._body);
    this.root.hidden = true;
  }

  toggle(): void {
    this.root.hidden = !this.root.hidden;
  }

  clear(): void {
    this._body.replaceChildren();
  }

  add(usage: UsageRecord): void {
    const row = element('tr');
    const cells = [String(this._body.childElementCount + 1), usage.inputTokens, usage.cacheWriteTokens, usage.cacheReadTokens, usage.outputTokens].map((value) => element('td', undefined, value.toLocaleString('en-US')));
    row.append(...cells, element('td', undefined, `$${usage.costUsd.toFixed(4)}`));
    this._body.append(row);
  }
}
