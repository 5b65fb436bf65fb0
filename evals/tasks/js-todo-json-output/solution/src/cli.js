const { parseArgs, UsageError } = require('./args');
const { formatList, formatStats, formatListJson, formatStatsJson } = require('./format');
const store = require('./store');

function selectTasks(tasks, options) {
  return tasks.filter((task) => (options.all || !task.done) && (!options.tag || task.tags.includes(options.tag)));
}

function main(argv, { stdout, stderr, env, cwd }) {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`todo: ${error.message}\n`);
    return 2;
  }
  const { command, args, options } = parsed;
  const file = store.taskFile(env, cwd);
  let tasks;
  try {
    tasks = store.load(file);
  } catch (error) {
    stderr.write(`todo: cannot read ${file}: ${error.message}\n`);
    return 1;
  }

  switch (command) {
    case 'list':
      stdout.write((options.json ? formatListJson : formatList)(selectTasks(tasks, options)));
      return 0;
    case 'stats':
      stdout.write((options.json ? formatStatsJson : formatStats)(store.stats(tasks)));
      return 0;
    case 'add': {
      if (args.length === 0) {
        stderr.write('todo: add needs a title\n');
        return 2;
      }
      const task = { id: tasks.reduce((max, t) => Math.max(max, t.id), 0) + 1, title: args.join(' '), done: false, tags: options.tag ? [options.tag] : [] };
      store.save(file, [...tasks, task]);
      stdout.write(`Added ${task.id}\n`);
      return 0;
    }
    case 'done': {
      const task = tasks.find((t) => t.id === Number(args[0]));
      if (!task) {
        stderr.write(`todo: no task ${args[0] ?? ''}\n`);
        return 2;
      }
      task.done = true;
      store.save(file, tasks);
      stdout.write(`Done: ${task.title}\n`);
      return 0;
    }
  }
  return 2;
}

module.exports = { main, selectTasks };
