// Hidden checks for the format-registry refactor: byte-identical output (golden files recorded from the
// code before the refactor), and the structure asked for: one module per format with `format`, a
// registry in src/formats/index.ts that report.ts looks formats up in, money formatting written once.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = process.cwd();
const golden = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'golden.json'), 'utf8'));
const load = (path) => import(pathToFileURL(join(root, path)).href);
const NAMES = ['csv', 'markdown', 'json'];

function sources(folder = join(root, 'src')) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : []));
}

test('renderReport output is unchanged, byte for byte', async () => {
  const { renderReport, reportFormats } = await load('src/report.ts');
  for (const sample of golden) assert.equal(renderReport(sample.rows, sample.format, sample.options ?? undefined), sample.output, sample.name);
  assert.deepEqual(reportFormats(), NAMES);
  assert.throws(() => renderReport([], 'xml'), /Unknown report format: xml/);
  assert.throws(() => renderReport([], 'toString'), /Unknown report format: toString/);
});

test('one module per format, each exporting format(rows, options)', async () => {
  for (const name of NAMES) {
    const path = `src/formats/${name}.ts`;
    assert.ok(existsSync(join(root, path)), `${path} is missing`);
    const module = await load(path);
    assert.equal(typeof module.format, 'function', `${path} does not export a format function`);
    for (const sample of golden.filter((s) => s.format === name && s.options?.title && s.options?.currency)) {
      assert.equal(module.format(sample.rows, sample.options), sample.output, `${path}: ${sample.name}`);
    }
  }
});

test('src/formats/index.ts registers the formats, and report.ts looks them up there', async () => {
  assert.ok(existsSync(join(root, 'src/formats/index.ts')), 'src/formats/index.ts is missing');
  const { formats } = await load('src/formats/index.ts');
  assert.ok(formats && typeof formats === 'object', 'src/formats/index.ts does not export `formats`');
  assert.deepEqual(Object.keys(formats), NAMES);
  for (const name of NAMES) assert.equal(typeof formats[name]?.format, 'function', `formats.${name} has no format function`);

  const report = readFileSync(join(root, 'src/report.ts'), 'utf8');
  const named = report.match(/(['"`])(csv|markdown|json)\1/);
  assert.equal(named, null, `src/report.ts still names a format (${named?.[0]})`);

  if (!Object.isFrozen(formats)) {
    const { renderReport, reportFormats } = await load('src/report.ts');
    formats.tsv = { format: (rows) => `${rows.length} rows\n` };
    try {
      assert.equal(renderReport([], 'tsv', {}), '0 rows\n', 'a format added to the registry is not used by renderReport');
      assert.ok(reportFormats().includes('tsv'), 'reportFormats() does not list a format added to the registry');
    } finally {
      delete formats.tsv;
    }
  }
});

test('amounts are computed and formatted in one place', () => {
  const all = sources().map((file) => readFileSync(file, 'utf8')).join('\n');
  const toFixed = all.match(/toFixed\(/g) ?? [];
  assert.ok(toFixed.length <= 1, `money is formatted with toFixed in ${toFixed.length} places across src/`);
  const products = all.match(/quantity\s*\*|\*\s*[\w.]*quantity\b/g) ?? [];
  assert.ok(products.length <= 1, `line totals (quantity × unit price) are computed in ${products.length} places across src/`);
});
