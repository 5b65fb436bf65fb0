// Hidden tests for `--json`: run the CLI as a user's script would, through bin/todo.js.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = process.cwd();
const tasks = [
  { id: 1, title: 'Write report', done: false, tags: ['work'] },
  { id: 2, title: 'Buy milk', done: true, tags: ['home'] },
  { id: 3, title: 'Book "dentist"', done: false, tags: [] },
  { id: 4, title: 'Plan offsite', done: true, tags: ['work', 'travel'] },
];

function todo(args, data = tasks) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-hidden-'));
  const file = path.join(dir, 'tasks.json');
  if (data) fs.writeFileSync(file, JSON.stringify(data));
  const result = spawnSync(process.execPath, [path.join(root, 'bin/todo.js'), ...args], { cwd: dir, env: { ...process.env, TODO_FILE: file }, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

function json(result) {
  assert.strictEqual(result.status, 0, result.stderr);
  try {
    return JSON.parse(result.stdout);
  } catch {
    assert.fail(`stdout is not one JSON document:\n${result.stdout}`);
  }
}

test('list --json: the open tasks as an array of {id, title, done, tags}', () => {
  assert.deepStrictEqual(json(todo(['list', '--json'])), [tasks[0], tasks[2]]);
});

test('list --json keeps --all and --tag, in any order', () => {
  assert.deepStrictEqual(json(todo(['list', '--all', '--json'])), tasks);
  assert.deepStrictEqual(json(todo(['--json', 'list', '--tag', 'work', '--all'])), [tasks[0], tasks[3]]);
  assert.deepStrictEqual(json(todo(['list', '--tag', 'nope', '--json'])), []);
});

test('list --json with no task file is an empty array', () => {
  assert.deepStrictEqual(json(todo(['list', '--json'], null)), []);
});

test('stats --json: {total, done, open, byTag}', () => {
  assert.deepStrictEqual(json(todo(['stats', '--json'])), { total: 4, done: 2, open: 2, byTag: { work: 2, home: 1, travel: 1 } });
  assert.deepStrictEqual(json(todo(['--json', 'stats'], [])), { total: 0, done: 0, open: 0, byTag: {} });
});

test('text output is unchanged without --json', () => {
  assert.strictEqual(todo(['list']).stdout, '[ ]   1  Write report #work\n[ ]   3  Book "dentist"\n');
  assert.strictEqual(todo(['stats']).stdout, '4 tasks: 2 done, 2 open\n  #home: 1\n  #travel: 1\n  #work: 2\n');
});

test('usage errors still exit 2 with a message on stderr', () => {
  const result = todo(['list', '--jsonn']);
  assert.strictEqual(result.status, 2);
  assert.strictEqual(result.stdout, '');
  assert.match(result.stderr, /unknown option/);
});

test('the README documents --json for list and stats', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.match(readme, /list[^\n]*--json/, 'README: the usage line of list does not mention --json');
  assert.match(readme, /stats[^\n]*--json/, 'README: the usage line of stats does not mention --json');
});
