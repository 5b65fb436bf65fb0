// The model's answer is Markdown rendered into the panel: its markup, never HTML or script from the text.
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../src/webview/markdownBlock';

describe('renderMarkdown', () => {
  it('renders Markdown: emphasis, inline code, fenced code, lists and links', () => {
    assert.equal(renderMarkdown('**Fixed** `add()`'), '<p><strong>Fixed</strong> <code>add()</code></p>\n');
    assert.match(renderMarkdown('```js\nlet a = 1;\n```'), /^<pre><code class="language-js">let a = 1;\n<\/code><\/pre>/);
    assert.equal(renderMarkdown('- one\n- two'), '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
    assert.equal(renderMarkdown('see https://example.com'), '<p>see <a href="https://example.com">https://example.com</a></p>\n');
  });

  it('escapes HTML in the text instead of passing it through', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> and <script>alert(2)</script>');
    assert.doesNotMatch(html, /<img|<script/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('refuses script and file links', () => {
    for (const href of ['javascript:alert(1)', 'vbscript:msgbox(1)', 'file:///etc/passwd']) {
      assert.doesNotMatch(renderMarkdown(`[click](${href})`), /<a /, href);
    }
  });
});
