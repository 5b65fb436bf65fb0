// The program that carries out an undo plan (protectedSnapshot.ts), run in a fresh bubblewrap sandbox of
// its own for each undo: the same mounts as the task's sandbox, so a link planted in the workspace can
// at worst aim a write at the workspace itself, and its own PID namespace, so no process of the task can
// see it, trace it or tamper with it (a guard inside the task's launcher could be ptraced as the same
// user).
//
// What appeared at a protected path is first renamed beside itself, to `.loupe-quarantined-<time>-<n>-
// <name>`: one rename in the same folder, which works for any tree however deep or large, and leaves
// nothing git, VS Code or a package manager would read. A small tree is then moved on to the quarantine
// folder; a large one stays where it is, inert, and the user is told where. A folder made read-only to
// stop the undo is made writable for the moment of the rename. Nothing is dropped silently: every path
// is reported undone (and where it went) or failed (and why).
//
// Reads the plan as JSON on stdin: { quarantine, repair: [{ path, mode }], aside: [path], restore: [{ path, entry }] }, where a
// file's data is base64; prints { undone: [{ path, keptAt }], failed: [{ path, why }] }.
export const UNDO_SOURCE = String.raw`'use strict';
const fs = require('fs');
const path = require('path');

const MAX_MOVED_ENTRIES = 2000;
const MAX_MOVED_DEPTH = 64;
const MAX_MOVED_BYTES = 50 * 1024 * 1024;
// All a task may put in the quarantine folder: past it, what is undone stays renamed where it was
// (sparse files copy out at their full size, so a command could otherwise fill the home's disk).
const MAX_QUARANTINE_BYTES = 200 * 1024 * 1024;
const MAX_KEPT_NAME = 120;

function treeBytes(root) {
  let bytes = 0;
  const stack = [root];
  while (stack.length > 0) {
    const current = stack.pop();
    let info;
    try { info = fs.lstatSync(current); } catch { continue; }
    if (info.isFile()) bytes += info.size;
    else if (info.isDirectory()) { try { for (const name of fs.readdirSync(current)) stack.push(current + '/' + name); } catch {} }
  }
  return bytes;
}

function withWritableFolder(folder, action) {
  let mode;
  try { mode = fs.lstatSync(folder).mode & 0o7777; } catch {}
  const locked = mode !== undefined && (mode & 0o300) !== 0o300;
  if (locked) fs.chmodSync(folder, mode | 0o700);
  try { return action(); } finally { if (locked) { try { fs.chmodSync(folder, mode); } catch {} } }
}

// Small enough to copy, and every folder in it opened for the copy and the removal after it.
function prepareToMove(root) {
  let entries = 0;
  let bytes = 0;
  const stack = [[root, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop();
    const info = fs.lstatSync(current);
    if (++entries > MAX_MOVED_ENTRIES || depth > MAX_MOVED_DEPTH) return false;
    if (info.isFile()) bytes += info.size;
    else if (!info.isDirectory() && !info.isSymbolicLink()) return false;
    if (bytes > MAX_MOVED_BYTES) return false;
    if (info.isDirectory()) {
      if ((info.mode & 0o700) !== 0o700) fs.chmodSync(current, (info.mode & 0o7777) | 0o700);
      for (const name of fs.readdirSync(current)) stack.push([current + '/' + name, depth + 1]);
    }
  }
  return true;
}

function moveAside(target, index, plan, stamp) {
  const folder = path.dirname(target);
  // A name nobody can guess (a folder made ready under a predictable one would make the rename fail),
  // and short enough for any file system whatever the original name.
  const random = require('crypto').randomBytes(6).toString('hex');
  const kept = folder + '/.loupe-quarantined-' + stamp + '-' + random + '-' + index + '-' + path.basename(target).slice(0, MAX_KEPT_NAME);
  withWritableFolder(folder, () => fs.renameSync(target, kept));
  try {
    if (!plan.quarantine || !prepareToMove(kept)) return kept;
    if (treeBytes(plan.quarantine) + treeBytes(kept) > MAX_QUARANTINE_BYTES) return kept;
    fs.mkdirSync(plan.quarantine, { recursive: true });
    const destination = plan.quarantine + '/' + path.basename(kept);
    fs.cpSync(kept, destination, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
    withWritableFolder(folder, () => fs.rmSync(kept, { recursive: true, force: true }));
    return destination;
  } catch {
    return fs.existsSync(kept) ? kept : plan.quarantine + '/' + path.basename(kept);
  }
}

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const plan = JSON.parse(input);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  // A workspace made unreadable to stop the look and the undo (chmod 600 .) is opened again first.
  for (const { path: folder, mode: owner } of plan.repair || []) {
    try { const mode = fs.lstatSync(folder).mode & 0o7777; if ((mode & owner & 0o700) !== (owner & 0o700)) fs.chmodSync(folder, mode | (owner & 0o700)); } catch {}
  }
  const undone = [];
  const failed = [];
  let index = 0;
  for (const target of plan.aside) {
    try { undone.push({ path: target, keptAt: moveAside(target, index++, plan, stamp) }); } catch (error) { failed.push({ path: target, why: error.code || error.message }); }
  }
  for (const { path: target, entry } of plan.restore) {
    try {
      const folder = path.dirname(target);
      let current;
      try { current = fs.lstatSync(target); } catch {}
      // What is there now is kept too (it may be someone's), then the old entry comes back.
      const keptAt = current && !(entry.kind === 'dir' && current.isDirectory()) ? moveAside(target, index++, plan, stamp) : undefined;
      withWritableFolder(folder, () => {
        if (entry.kind === 'dir') fs.mkdirSync(target, { recursive: true });
        else if (entry.kind === 'link') fs.symlinkSync(entry.target, target);
        else {
          // The path was just cleared; O_EXCL and O_NOFOLLOW make a link raced in fail the write, not redirect it.
          const fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, entry.mode);
          try { fs.writeSync(fd, Buffer.from(entry.data, 'base64')); fs.fchmodSync(fd, entry.mode); } finally { fs.closeSync(fd); }
        }
      });
      if (!undone.some((item) => item.path === target)) undone.push(keptAt ? { path: target, keptAt } : { path: target });
    } catch (error) {
      failed.push({ path: target, why: error.code || error.message });
    }
  }
  process.stdout.write(JSON.stringify({ undone, failed }));
});
`;
