// VS Code's platform targets (what `vsce package --target` accepts and the Marketplace serves) and
// the sharp platform each one needs: a VSIX for one target carries only that platform's binary.

/** vsce target → sharp's platform name (`@img/sharp-<platform>`). `web` is absent: sharp needs Node. */
const SHARP_PLATFORM_BY_TARGET = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'linux-armhf': 'linux-arm',
  'alpine-x64': 'linuxmusl-x64',
  'alpine-arm64': 'linuxmusl-arm64',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};

export const TARGETS = Object.keys(SHARP_PLATFORM_BY_TARGET);

export function sharpPlatformFor(target) {
  const platform = SHARP_PLATFORM_BY_TARGET[target];
  if (!platform) throw new Error(`Unknown target "${target}". Targets: ${TARGETS.join(', ')}.`);
  return platform;
}

/** The target of the machine running this, which VS Code on it would ask the Marketplace for. */
export function hostTarget() {
  const arch = process.arch === 'arm' ? 'armhf' : process.arch;
  // Node reports the glibc version only when it runs on glibc; without it this is musl (Alpine).
  const onMusl = process.platform === 'linux' && !process.report?.getReport().header.glibcVersionRuntime;
  const target = `${onMusl ? 'alpine' : process.platform}-${arch}`;
  sharpPlatformFor(target);
  return target;
}
