const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { toCsv } = require(path.join(process.cwd(), 'src/csv.js'));
const { exportProducts } = require(path.join(process.cwd(), 'src/exportProducts.js'));

// A strict RFC 4180 reader: returns the records as arrays of strings.
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (char === '"') { quoted = false; i += 1; assert.ok(i >= text.length || text[i] === ',' || text[i] === '\r', `stray text after a closing quote at ${i}: ${JSON.stringify(text.slice(i - 5, i + 5))}`); continue; }
      field += char; i += 1; continue;
    }
    if (char === '"') { assert.equal(field, '', `a quote inside an unquoted field at ${i}: ${JSON.stringify(text.slice(i - 5, i + 5))}`); quoted = true; i += 1; continue; }
    if (char === ',') { record.push(field); field = ''; i += 1; continue; }
    if (char === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i += 2; continue; }
    assert.ok(char !== '\n' && char !== '\r', `a bare line break outside quotes at ${i}`);
    field += char; i += 1;
  }
  assert.ok(!quoted, 'unterminated quoted field');
  assert.ok(field === '' && record.length === 0, 'the last record has no CRLF');
  return records;
}

const columns = [{ key: 'a', header: 'A' }, { key: 'b', header: 'B' }, { key: 'c', header: 'C' }];
const awkward = [
  '12" pizza stone',
  'He said "hi", then left',
  '"quoted at both ends"',
  '"',
  '""',
  'line one\nline two',
  'windows\r\nline',
  'trailing newline\n',
  'comma, and "quote"\nand newline',
  ',',
  ' spaced ',
  'tab\there',
  'Zoë’s café — naïve',
  '',
];

test('awkward text round-trips through an RFC 4180 reader', () => {
  for (const value of awkward) {
    const csv = toCsv([{ a: value, b: 'x', c: value }], columns);
    assert.deepEqual(parseCsv(csv), [['A', 'B', 'C'], [value, 'x', value]], `value ${JSON.stringify(value)} as ${JSON.stringify(csv)}`);
  }
});

test('many rows keep their columns', () => {
  const rows = awkward.map((value, index) => ({ a: index, b: value, c: `${value}|${index}` }));
  const records = parseCsv(toCsv(rows, columns));
  assert.equal(records.length, rows.length + 1);
  for (const [index, row] of rows.entries()) assert.deepEqual(records[index + 1], [String(row.a), row.b, row.c]);
});

test('ordinary rows are unchanged', () => {
  assert.equal(toCsv([{ a: 1, b: 'x', c: 2.5 }, { a: 0, b: false, c: null }], columns), 'A,B,C\r\n1,x,2.5\r\n0,false,\r\n');
  assert.equal(toCsv([{ a: 'Smith, John', b: 3 }], columns), 'A,B,C\r\n"Smith, John",3,\r\n');
  assert.equal(toCsv([{ a: new Date(Date.UTC(2024, 0, 2)) }], columns), 'A,B,C\r\n2024-01-02T00:00:00.000Z,,\r\n');
  assert.equal(toCsv([], columns), 'A,B,C\r\n');
});

test('the product export handles quotes and line breaks', () => {
  const csv = exportProducts([
    { sku: 'P-1', name: 'Stone', description: '12" pizza stone\nfor ovens up to 300°C', priceCents: 1999, stock: 4 },
    { sku: 'P-2', name: 'Peel, wooden', description: 'The "classic"', priceCents: 1250 },
  ]);
  assert.deepEqual(parseCsv(csv), [
    ['SKU', 'Name', 'Description', 'Price', 'Stock'],
    ['P-1', 'Stone', '12" pizza stone\nfor ovens up to 300°C', '19.99', '4'],
    ['P-2', 'Peel, wooden', 'The "classic"', '12.50', ''],
  ]);
});
