// Writes rows as CSV (comma-separated, CRLF line ends, a header line first).
// `columns` is a list of { key, header }; missing values are written as empty fields.

function formatField(value) {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  if (/[",]/.test(text)) return `"${text.replaceAll('"', '\\"')}"`;
  return text.replace(/\r?\n/g, ' ');
}

function toCsv(rows, columns) {
  const lines = [columns.map((column) => column.header).join(',')];
  for (const row of rows) lines.push(columns.map((column) => formatField(row[column.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

module.exports = { toCsv, formatField };
