// Writes rows as CSV (RFC 4180: comma-separated, CRLF line ends, a header line first).
// `columns` is a list of { key, header }; missing values are written as empty fields. A field with a
// comma, a double quote or a line break is quoted, and its double quotes are doubled.

function formatField(value) {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  if (/[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

function toCsv(rows, columns) {
  const lines = [columns.map((column) => formatField(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => formatField(row[column.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

module.exports = { toCsv, formatField };
