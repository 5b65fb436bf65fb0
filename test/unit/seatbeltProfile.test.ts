// The macOS profile can only be run on a Mac, which no machine here is: these check its text, the part
// that can be wrong here (order under last-match-wins, quoting, what is covered). On a Mac the sandbox
// runs the profile once at start and falls back to asking before every command if macOS rejects it.
import assert from 'node:assert/strict';
import { LocalProcessHost } from '../../src/agent/processes/localProcessHost';
import { PROTECTED_WORKSPACE_PATHS } from '../../src/agent/sandbox/protectedPaths';
import { seatbeltProfile } from '../../src/agent/sandbox/seatbeltProfile';

describe('the macOS Seatbelt profile', () => {
  const profile = seatbeltProfile({
    workspace: '/Users/me/my "repo"',
    scratch: '/private/var/folders/x/T/loupe-sandbox-1/scratch',
    writable: ['/Users/me/.npm'],
    protectedPaths: PROTECTED_WORKSPACE_PATHS,
    hidden: ['/Users/me/.ssh', '/Users/me/.aws'],
  });
  const lines = profile.trim().split('\n');
  const index = (prefix: string): number => lines.findIndex((line) => line.startsWith(prefix));

  it('denies writes and network wholesale, then allows back the workspace, temp and the loopback (last match wins)', () => {
    assert.equal(lines[0], '(version 1)');
    assert.ok(index('(deny file-write*)') < index('(allow file-write*'));
    assert.ok(index('(deny network*)') < index('(allow network* (remote ip "localhost:*")'));
    assert.match(lines[index('(allow file-write*')]!, /\(subpath "\/Users\/me\/my \\"repo\\""\) \(subpath "\/private\/var\/folders\/x\/T\/loupe-sandbox-1\/scratch"\) \(subpath "\/Users\/me\/\.npm"\)/);
  });

  it('ends with the protected paths and credential stores, so no allow above can override them', () => {
    const protectedLine = lines.at(-2)!;
    const hiddenLine = lines.at(-1)!;
    assert.ok(protectedLine.startsWith('(deny file-write* '));
    for (const path of ['.git/hooks', '.git/config', '.vscode', '.npmrc', '.envrc']) assert.ok(protectedLine.includes(`(subpath "/Users/me/my \\"repo\\"/${path}")`), path);
    // `.env.*` becomes a regex within one name, anchored at the workspace.
    assert.ok(protectedLine.includes('(regex #"^/Users/me/my \\"repo\\"/\\\\.env\\\\.[^/]*(/.*)?$")'), protectedLine);
    assert.equal(hiddenLine, '(deny file-read* file-write* (subpath "/Users/me/.ssh") (subpath "/Users/me/.aws"))');
  });

  it('runs each process through the wrapper it is given (how the macOS sandbox puts sandbox-exec in front)', async () => {
    const host = new LocalProcessHost((request) => ({ ...request, file: 'sh', args: ['-c', 'echo wrapped "$@"', 'sh', request.file, ...request.args] }));
    const child = host.start({ file: 'echo', args: ['hi'], cwd: '/', env: { PATH: process.env.PATH ?? '' }, stdin: false });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const closed = new Promise((resolve) => child.stdout.once('close', resolve));
    await child.exited;
    await closed;
    assert.equal(output, 'wrapped echo hi\n');
    await host.dispose();
  });
});
