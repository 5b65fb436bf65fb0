// Text output for people.
function formatTask(task) {
  const tags = task.tags.map((tag) => ` #${tag}`).join('');
  return `[${task.done ? 'x' : ' '}] ${String(task.id).padStart(3)}  ${task.title}${tags}`;
}

function formatList(tasks) {
  if (tasks.length === 0) return 'Nothing to do.\n';
  return `${tasks.map(formatTask).join('\n')}\n`;
}

function formatStats(stats) {
  const lines = [`${stats.total} tasks: ${stats.done} done, ${stats.open} open`];
  for (const tag of Object.keys(stats.byTag).sort()) lines.push(`  #${tag}: ${stats.byTag[tag]}`);
  return `${lines.join('\n')}\n`;
}

// JSON output for scripts: the tasks as stored, and the counts; one document, newline-terminated.
function formatListJson(tasks) {
  return `${JSON.stringify(tasks.map(({ id, title, done, tags }) => ({ id, title, done, tags })), null, 2)}\n`;
}

function formatStatsJson(stats) {
  return `${JSON.stringify(stats, null, 2)}\n`;
}

module.exports = { formatTask, formatList, formatStats, formatListJson, formatStatsJson };
