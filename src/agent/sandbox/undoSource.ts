// The program that carries out an undo plan (protectedSnapshot.ts), run in a fresh bubblewrap sandbox of
// its own for each undo: the same mounts as the task's sandbox, so a link planted in the workspace can
// at worst aim a write at the workspace itself, and its own PID namespace, so no process of the task can
// see it, trace it or tamper with it (a guard inside the task's launcher could be ptraced as the same
// user). Reads the plan as JSON on stdin: { quarantine, aside: [path], restore: [{ path, entry }] }, where
// a file's data is base64; prints the paths it undid as a JSON array.
export const UNDO_SOURCE = String.raw`'use strict';
const fs = require('fs');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const plan = JSON.parse(input);
  const undone = [];
  plan.aside.forEach((path, index) => {
    try {
      fs.mkdirSync(plan.quarantine, { recursive: true });
      const aside = plan.quarantine + '/' + Date.now() + '-' + index + '-' + path.split('/').pop();
      // The quarantine is another mount, so a rename fails (EXDEV): copy, links as links, then remove.
      try { fs.renameSync(path, aside); } catch {
        try { fs.cpSync(path, aside, { recursive: true, verbatimSymlinks: true, errorOnExist: false }); } catch {}
        fs.rmSync(path, { recursive: true, force: true });
      }
      undone.push(path);
    } catch {}
  });
  for (const { path, entry } of plan.restore) {
    try {
      let current;
      try { current = fs.lstatSync(path); } catch {}
      if (current && !(entry.kind === 'dir' && current.isDirectory())) fs.rmSync(path, { recursive: true, force: true });
      if (entry.kind === 'dir') fs.mkdirSync(path, { recursive: true });
      else if (entry.kind === 'link') fs.symlinkSync(entry.target, path);
      else {
        // O_EXCL with O_NOFOLLOW semantics: the path was just cleared, so a link raced in makes this fail, not follow.
        const fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, entry.mode);
        try { fs.writeSync(fd, Buffer.from(entry.data, 'base64')); fs.fchmodSync(fd, entry.mode); } finally { fs.closeSync(fd); }
      }
      undone.push(path);
    } catch {}
  }
  process.stdout.write(JSON.stringify([...new Set(undone)]));
});
`;
