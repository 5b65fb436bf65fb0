const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { main } = require('../src/cli');

function run(argv, tasks) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-'));
  if (tasks) fs.writeFileSync(path.join(dir, 'todo.json'), JSON.stringify(tasks));
  let out = '';
  let err = '';
  const code = main(argv, { stdout: { write: (s) => (out += s) }, stderr: { write: (s) => (err += s) }, env: {}, cwd: dir });
  const saved = fs.existsSync(path.join(dir, 'todo.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'todo.json'), 'utf8')) : undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, out, err, saved };
}

const tasks = [
  { id: 1, title: 'Write report', done: false, tags: ['work'] },
  { id: 2, title: 'Buy milk', done: true, tags: ['home'] },
  { id: 3, title: 'Book dentist', done: false, tags: [] },
];

test('list shows open tasks', () => {
  const { code, out } = run(['list'], tasks);
  assert.strictEqual(code, 0);
  assert.strictEqual(out, '[ ]   1  Write report #work\n[ ]   3  Book dentist\n');
});

test('list --all --tag', () => {
  assert.strictEqual(run(['list', '--all', '--tag', 'home'], tasks).out, '[x]   2  Buy milk #home\n');
});

test('stats', () => {
  assert.strictEqual(run(['stats'], tasks).out, '3 tasks: 1 done, 2 open\n  #home: 1\n  #work: 1\n');
});

test('add and done', () => {
  const added = run(['add', 'Call', 'Sam', '--tag', 'work'], tasks);
  assert.strictEqual(added.out, 'Added 4\n');
  assert.deepStrictEqual(added.saved[3], { id: 4, title: 'Call Sam', done: false, tags: ['work'] });
  assert.strictEqual(run(['done', '3'], tasks).saved[2].done, true);
});

test('usage errors exit with 2', () => {
  assert.strictEqual(run(['list', '--verbose'], tasks).code, 2);
  assert.strictEqual(run([], tasks).code, 2);
  assert.match(run(['frobnicate'], tasks).err, /unknown command/);
});

test('list --json prints the selected tasks as JSON', () => {
  const { code, out } = run(['list', '--json', '--tag', 'work'], tasks);
  assert.strictEqual(code, 0);
  assert.deepStrictEqual(JSON.parse(out), [{ id: 1, title: 'Write report', done: false, tags: ['work'] }]);
});

test('stats --json prints the counts as JSON', () => {
  assert.deepStrictEqual(JSON.parse(run(['--json', 'stats'], tasks).out), { total: 3, done: 1, open: 2, byTag: { work: 1, home: 1 } });
});
