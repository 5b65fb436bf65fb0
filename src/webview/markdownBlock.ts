// The model's answer as Markdown, rendered safely while it streams. markdown-it with raw HTML off
// escapes any tags in the text and refuses javascript:/vbscript:/file: links, so what reaches the
// DOM is only the markup Markdown itself produces (and the page's CSP would block scripts anyway).
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });

/** The HTML for `source`: Markdown's own markup only; any HTML in the text comes out escaped. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

export class MarkdownBlock {
  private _source = '';
  private _queued = false;

  constructor(private readonly element: HTMLElement) {}

  /** Adds streamed text; the block is re-rendered at most once per frame, however many deltas arrive. */
  append(text: string): void {
    this._source += text;
    if (this._queued) return;
    this._queued = true;
    requestAnimationFrame(() => {
      this._queued = false;
      this.element.innerHTML = renderMarkdown(this._source);
    });
  }
}
