const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { paginate, pageCount } = require(path.join(process.cwd(), 'src/paginate.js'));

const items = Array.from({ length: 7 }, (_, i) => i + 1);

test('pages do not overlap and cover every item once', () => {
  const pages = [];
  for (let page = 1; page <= pageCount(items, 3); page++) pages.push(...paginate(items, page, 3));
  assert.deepStrictEqual(pages, items);
});

test('the last partial page counts', () => {
  assert.strictEqual(pageCount(items, 3), 3);
  assert.strictEqual(pageCount([], 3), 0);
  assert.deepStrictEqual(paginate(items, 3, 3), [7]);
});
