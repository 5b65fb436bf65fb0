// The program that runs inside the sandbox as its first process: it starts every command, program and
// browser of the task on request, relays their output, stops their trees, and bridges the network
// namespace's one way out (a TCP port on the sandbox's loopback) to Loupe's egress proxy.
//
// Why one launcher instead of one bubblewrap per process: the shell, the dev server it starts and the
// browser that opens it must share one loopback (the app under test listens on 127.0.0.1) and one PID
// namespace (so the task's end ends all of them). bubblewrap 0.8 cannot join an existing network
// namespace, so the processes are started from inside the one sandbox.
//
// It is plain CommonJS held as text: it runs under the same Node as Loupe (process.execPath) from a file
// written into the task's own folder, so it needs no bundling and no path into Loupe's install.
//
// Protocol: JSON lines. In on stdin: {t:'spawn',id,file,args,cwd,env,stdin}, {t:'write',id,data},
// {t:'end',id}, {t:'stop',id,signal}, {t:'cwd',id,rid}. Out on stdout: {t:'ready',proxyPort},
// {t:'started',id,pid}, {t:'out',id,fd,data}, {t:'exit',id,code,signal,error}, {t:'closed',id},
// {t:'stopped',id}, {t:'cwd',rid,path}. Data is base64. When stdin closes (Loupe is gone) it kills
// everything and exits, and with it the PID namespace.
//
// It holds nothing Loupe relies on for safety: a process of the task runs as the same user and could
// trace it. The protected-path undo runs in a sandbox of its own (protectedPathGuard.ts).

export const LAUNCHER_SOURCE = String.raw`'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const readline = require('node:readline');

const GRACE_MS = 700;
const MARKER = 'LOUPE_SANDBOX_PROCESS';
const children = new Map();
const out = (message) => process.stdout.write(JSON.stringify(message) + '\n');

function processTable() {
  const table = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const stat = fs.readFileSync('/proc/' + name + '/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      let environ = '';
      try { environ = '\0' + fs.readFileSync('/proc/' + name + '/environ', 'latin1'); } catch {}
      table.push({ pid, ppid: Number(fields[1]), pgid: Number(fields[2]), state: fields[0], environ });
    } catch {}
  }
  return table;
}

// The process, its group, its descendants, and anything carrying its marker (setsid children that
// left the tree); env -i children lose the marker, and only the end of the sandbox reaches those.
function treeOf(child) {
  const table = processTable();
  const targets = new Set();
  const needle = '\0' + MARKER + '=' + child.id + '\0';
  for (const entry of table) {
    if (entry.pid === child.pid || entry.pgid === child.pid || entry.environ.includes(needle)) targets.add(entry.pid);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of table) {
      if (!targets.has(entry.pid) && targets.has(entry.ppid)) { targets.add(entry.pid); grew = true; }
    }
  }
  return targets;
}

function signalAll(pids, signal) {
  for (const pid of pids) { try { process.kill(pid, signal); } catch {} }
}

function alive(pid) {
  try {
    const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch { return false; }
}

async function stop(child, signal) {
  let targets = treeOf(child);
  signalAll(targets, signal || 'SIGTERM');
  const deadline = Date.now() + (signal === 'SIGKILL' ? 0 : GRACE_MS);
  while (Date.now() < deadline && [...targets].some(alive)) await new Promise((r) => setTimeout(r, 25));
  for (const pid of treeOf(child)) targets.add(pid);
  signalAll([...targets].filter(alive), 'SIGKILL');
}

function start(message) {
  const env = Object.assign({}, message.env, { [MARKER]: message.id });
  let child;
  try {
    child = spawn(message.file, message.args, { cwd: message.cwd, env, detached: true, stdio: [message.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  } catch (error) {
    out({ t: 'exit', id: message.id, code: null, signal: null, error: String(error && error.message || error) });
    out({ t: 'closed', id: message.id });
    return;
  }
  const entry = { id: message.id, pid: child.pid, process: child };
  children.set(message.id, entry);
  child.on('error', (error) => {
    out({ t: 'exit', id: message.id, code: null, signal: null, error: error.message });
    out({ t: 'closed', id: message.id });
    children.delete(message.id);
  });
  if (child.pid === undefined) return;
  out({ t: 'started', id: message.id, pid: child.pid });
  if (child.stdin) child.stdin.on('error', () => {});
  let open = 2;
  const closed = () => { if (--open === 0) out({ t: 'closed', id: message.id }); };
  child.stdout.on('data', (data) => out({ t: 'out', id: message.id, fd: 1, data: data.toString('base64') }));
  child.stderr.on('data', (data) => out({ t: 'out', id: message.id, fd: 2, data: data.toString('base64') }));
  child.stdout.on('close', closed);
  child.stderr.on('close', closed);
  child.on('exit', (code, signal) => out({ t: 'exit', id: message.id, code, signal }));
}

function bridge(socketPath) {
  return new Promise((resolve) => {
    const server = net.createServer((inbound) => {
      const outbound = net.connect(socketPath);
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function main() {
  const proxySocket = process.argv[2];
  const proxyPort = proxySocket ? await bridge(proxySocket) : null;
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    let message;
    try { message = JSON.parse(line); } catch { return; }
    const child = children.get(message.id);
    if (message.t === 'spawn') start(message);
    else if (message.t === 'write' && child && child.process.stdin) child.process.stdin.write(Buffer.from(message.data, 'base64'));
    else if (message.t === 'end' && child && child.process.stdin) child.process.stdin.end();
    else if (message.t === 'stop') {
      if (!child) { out({ t: 'stopped', id: message.id }); return; }
      stop(child, message.signal).then(() => out({ t: 'stopped', id: message.id }));
    } else if (message.t === 'cwd') {
      let path = null;
      try { if (child) path = fs.readlinkSync('/proc/' + child.pid + '/cwd'); } catch {}
      out({ t: 'cwd', rid: message.rid, path });
    }
  });
  // Loupe is gone (or closed the sandbox): nothing of the task may outlive it.
  lines.on('close', () => {
    signalAll(processTable().map((entry) => entry.pid), 'SIGKILL');
    process.exit(0);
  });
  process.stdout.on('error', () => process.exit(0));
  out({ t: 'ready', proxyPort });
}

main();
`;
