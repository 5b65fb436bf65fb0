// What the attack suite needs: a listener on 127.0.0.1 posing as a remote host (the proxy's network
// resolves remote-looking names to a public address and routes that address to it, so if the sandbox let
// a request through its bytes would arrive), a home folder full of canary credentials, and a way to
// see whether any process of a test outlived it.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { UpstreamNetwork } from '../../src/agent/sandbox/egressProxy';
import type { Approver, ChangeDecision, CommandRequest, NetworkDecision, NetworkRequest } from '../../src/agent/ports';

export interface AttackerListener {
  port: number;
  /** Every byte any connection sent, in order of arrival. */
  received(): string;
  connections(): number;
  close(): Promise<void>;
}

/** A TCP listener that answers any HTTP request with 200 and records everything sent to it. */
export async function startAttackerListener(): Promise<AttackerListener> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      chunks.push(data);
      if (data.includes('\r\n\r\n')) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    received: () => Buffer.concat(chunks).toString('latin1'),
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Names the tests treat as remote hosts: they resolve to REMOTE_ADDRESS, which the route sends to the attacker. */
export const REMOTE_NAMES = /(\.attacker\.test|^registry\.npmjs\.org)$/i;

/** A public address (TEST-NET-3, RFC 5737: documentation only, so nothing real answers there). */
export const REMOTE_ADDRESS = '203.0.113.7';

/**
 * Names that an attacker pointed at the user's own machine or private network (DNS rebinding): the
 * proxy must refuse them after resolving, whatever the allowlist or the person said.
 */
export const REBOUND_NAMES: Record<string, string> = {
  'inside.attacker.test': '127.0.0.1',
  'lan.attacker.test': '10.0.0.5',
  'mapped.attacker.test': '::ffff:127.0.0.1',
};

/**
 * The sandbox proxy's network for the tests, as `curl --resolve` plus a router would make it: remote
 * names resolve to REMOTE_ADDRESS, and a connection to that address (any port) reaches the listener. Any
 * other address is dialled as it is, so a rebound name that got past the proxy would reach the listener
 * on 127.0.0.1 too.
 */
export function routeRemoteNamesTo(listenerPort: number): UpstreamNetwork {
  return {
    resolve: async (host) => {
      const rebound = REBOUND_NAMES[host.toLowerCase()];
      if (rebound) return [rebound];
      if (REMOTE_NAMES.test(host)) return [REMOTE_ADDRESS];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    },
    dial: (address, port) => (address === REMOTE_ADDRESS ? { host: '127.0.0.1', port: listenerPort } : { host: address === '::ffff:127.0.0.1' ? '127.0.0.1' : address, port }),
  };
}

export interface CanaryHome {
  path: string;
  /** A value found in every secret of this home, and in the test's secret environment variables. */
  canary: string;
  /** An ordinary file of the home holding `visible`: it must stay readable, or hiding proved nothing. */
  visible: string;
  /** Makes this the HOME the test process and the commands it starts see; undone by remove(). */
  useAsHome(): void;
  remove(): Promise<void>;
}

/**
 * A home folder whose credential stores (and rc files) hold the canary, one of them behind a symlink as
 * dotfile managers make them. Not under /tmp, /var/tmp or /run: those are empty inside the sandbox, so
 * a secret there would be out of reach whether or not the sandbox hid it (the visible file checks that).
 */
export async function createCanaryHome(): Promise<CanaryHome> {
  // The checkout itself may be under /tmp (CI clones anywhere): then the user's own cache folder.
  const outsideFreshFolders = (path: string) => !['/tmp/', '/var/tmp/', '/run/'].some((folder) => `${path}/`.startsWith(folder));
  const parent = [join(process.cwd(), '.cache', 'test-homes'), join(homedir(), '.cache', 'loupe-test-homes')].find(outsideFreshFolders);
  if (!parent) throw new Error('No folder outside /tmp, /var/tmp and /run for a test home: run the tests from a checkout outside them, or with a HOME outside them.');
  await mkdir(parent, { recursive: true });
  const path = await realpath(await mkdtemp(join(parent, 'home-')));
  const canary = `CANARY-${randomBytes(8).toString('hex')}`;
  await mkdir(join(path, '.ssh'));
  await writeFile(join(path, '.ssh', 'id_rsa'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${canary}\n`);
  await mkdir(join(path, '.aws'));
  await writeFile(join(path, '.aws', 'credentials'), `[default]\naws_secret_access_key = ${canary}\n`);
  await mkdir(join(path, '.config', 'gh'), { recursive: true });
  await writeFile(join(path, '.config', 'gh', 'hosts.yml'), `github.com:\n  oauth_token: ${canary}\n`);
  await writeFile(join(path, '.netrc'), `machine example.com login me password ${canary}\n`);
  await writeFile(join(path, '.npmrc'), `//registry.npmjs.org/:_authToken=${canary}\n`);
  await writeFile(join(path, '.bashrc'), '# the user\'s own\n');
  await writeFile(join(path, '.pgpass'), `db:5432:*:me:${canary}\n`);
  // Other agents' and tools' logins (the attacker review found these readable).
  await mkdir(join(path, '.claude'));
  await writeFile(join(path, '.claude', '.credentials.json'), `{"claudeAiOauth":{"accessToken":"${canary}"}}\n`);
  await mkdir(join(path, '.config', 'github-copilot'), { recursive: true });
  await writeFile(join(path, '.config', 'github-copilot', 'apps.json'), `{"github.com":{"oauth_token":"${canary}"}}\n`);
  await writeFile(join(path, '.yarnrc.yml'), `npmAuthToken: ${canary}\n`);
  await writeFile(join(path, '.psql_history'), `ALTER USER me PASSWORD '${canary}';\n`);
  // ~/.kube as a dotfile manager leaves it: a link into a dotfiles folder.
  await mkdir(join(path, 'dotfiles', 'kube'), { recursive: true });
  await writeFile(join(path, 'dotfiles', 'kube', 'config'), `token: ${canary}\n`);
  await symlink(join(path, 'dotfiles', 'kube'), join(path, '.kube'));
  const visible = `VISIBLE-${randomBytes(4).toString('hex')}`;
  await writeFile(join(path, 'notes.txt'), `${visible}\n`);
  const savedHome = process.env.HOME;
  return {
    path,
    canary,
    visible,
    useAsHome: () => {
      process.env.HOME = path;
    },
    remove: async () => {
      if (savedHome === undefined) delete process.env.HOME;
      else process.env.HOME = savedHome;
      await rm(path, { recursive: true, force: true });
    },
  };
}

/** Host pids of processes whose command line contains `needle` (a unique sleep duration, say). */
export async function processesRunning(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const commandLine = (await readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && commandLine.includes(needle)) found.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** The person at the keyboard under a standing yes: asked only what still goes to a person, says no, and is recorded. */
export class PersonWhoSaysNo implements Approver {
  readonly commands: CommandRequest[] = [];
  readonly networkRequests: NetworkRequest[] = [];
  readonly changes: string[] = [];
  async reviewChange(change: { relativePath: string }): Promise<ChangeDecision> {
    this.changes.push(change.relativePath);
    return { kind: 'reject' };
  }
  async approveCommand(request: CommandRequest): Promise<boolean> {
    this.commands.push(request);
    return false;
  }
  async approveNetworkAccess(request: NetworkRequest): Promise<NetworkDecision> {
    this.networkRequests.push(request);
    return 'deny';
  }
}
