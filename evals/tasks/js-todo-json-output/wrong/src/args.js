// Command-line parsing: `todo <command> [arguments] [options]`.
const COMMANDS = ['list', 'stats', 'add', 'done'];

class UsageError extends Error {}

function parseArgs(argv) {
  const options = { all: false, tag: undefined, json: false };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all') options.all = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--tag') {
      if (i + 1 >= argv.length) throw new UsageError('--tag needs a value');
      options.tag = argv[++i];
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [command, ...rest] = positional;
  if (!command) throw new UsageError('missing command (list, stats, add, done)');
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command ${command}`);
  return { command, args: rest, options };
}

module.exports = { parseArgs, UsageError };
