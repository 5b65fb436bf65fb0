// Makes sure the programs the tests drive are installed: bubblewrap for the sandbox, Xvfb, xdotool,
// xwd and Debian's Chromium. As root (CI, our dev machines) it installs what is missing with apt-get;
// otherwise it says what to install and fails, so no test is skipped silently.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDED = [
  { program: 'Xvfb', pkg: 'xvfb' },
  { program: 'xdotool', pkg: 'xdotool' },
  { program: 'xwd', pkg: 'x11-apps' },
  { program: 'xdpyinfo', pkg: 'x11-utils' },
  { program: 'chromium', pkg: 'chromium' },
  { program: 'xsetroot', pkg: 'x11-xserver-utils' },
  // Loupe's sandbox: every command in the tests runs in it, and the attack suite tries to get out.
  { program: 'bwrap', pkg: 'bubblewrap' },
  // The attack suite's exfiltration attempts use these, as a steered model would.
  { program: 'curl', pkg: 'curl' },
  { program: 'python3', pkg: 'python3' },
  // The packaging test lists and unpacks the VSIX (a zip).
  { program: 'unzip', pkg: 'unzip' },
  // Only the screenshot benchmark's reference method uses these.
  { program: 'scrot', pkg: 'scrot' },
  { program: '/usr/bin/convert', pkg: 'imagemagick' },
];

function has(program) {
  if (program.startsWith('/')) return existsSync(program);
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = NEEDED.filter(({ program }) => !has(program));
if (missing.length === 0) process.exit(0);
const packages = [...new Set(missing.map(({ pkg }) => pkg))];
if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  console.error(`The desktop tests need: ${packages.join(' ')}. Install them (e.g. sudo apt-get install ${packages.join(' ')}) and run the tests again.`);
  process.exit(1);
}
console.log(`Installing test dependencies: ${packages.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
