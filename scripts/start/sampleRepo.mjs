// The sample project `npm start` opens: a tiny shopping-cart module with one failing test, in its
// own git repository, so a first Loupe task ("Fix the failing test") has something real to do and
// its changes show up as reviewable diffs and checkpoints.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILES = {
  'package.json': JSON.stringify({ name: 'loupe-sample-cart', version: '1.0.0', private: true, type: 'commonjs', scripts: { test: 'node --test' } }, null, 2) + '\n',
  'README.md': [
    '# Loupe sample: a shopping cart',
    '',
    '`npm test` fails: the total ignores quantities. Try Loupe on it: **Loupe: Run Task** (Command',
    'Palette), then "Fix the failing test". Loupe shows each change for you to accept or reject.',
    '',
  ].join('\n'),
  'src/cart.js': [
    '// A cart of { name, price, quantity } lines; prices in cents.',
    'function total(lines) {',
    '  return lines.reduce((sum, line) => sum + line.price, 0);',
    '}',
    '',
    'function formatCents(cents) {',
    '  return `$${(cents / 100).toFixed(2)}`;',
    '}',
    '',
    'module.exports = { total, formatCents };',
    '',
  ].join('\n'),
  'test/cart.test.js': [
    "const test = require('node:test');",
    "const assert = require('node:assert/strict');",
    "const { total, formatCents } = require('../src/cart');",
    '',
    "test('total counts each line by its quantity', () => {",
    "  assert.equal(total([{ name: 'tea', price: 350, quantity: 2 }, { name: 'cake', price: 425, quantity: 1 }]), 1125);",
    '});',
    '',
    "test('formatCents shows dollars and cents', () => {",
    "  assert.equal(formatCents(1125), '$11.25');",
    '});',
    '',
  ].join('\n'),
};

/** Creates the sample repository at `dir` unless it is there already (then the user's changes are kept). */
export function ensureSampleRepo(dir) {
  if (existsSync(path.join(dir, '.git'))) return { dir, created: false };
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  // A fixed identity: the user's git config may have none, and this commit is only the starting point.
  const git = (...args) => execFileSync('git', ['-c', 'user.name=Loupe', '-c', 'user.email=loupe@example.invalid', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Sample cart with a failing test');
  return { dir, created: true };
}
