// Loads sharp the way an installed Loupe does (required from its dist/ bundle, so resolved from the
// extension's own node_modules) in a given Node, and resizes an image with it: proof that the
// native binary the VSIX carries works, not just that its files are there.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Makes a 64x48 image, resizes it to 16 px wide and prints the result's size and format, and where sharp came from. */
const PROBE = `
const requireFromBundle = require('node:module').createRequire(process.argv[1]);
const sharp = requireFromBundle('sharp');
sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).png().toBuffer()
  .then((png) => sharp(png).resize(16).png().toBuffer({ resolveWithObject: true }))
  .then(({ info }) => console.log(JSON.stringify({ width: info.width, height: info.height, format: info.format, sharpFile: requireFromBundle.resolve('sharp') })));
`;

export interface ResizeResult {
  width: number;
  height: number;
  format: string;
  /** The sharp entry file Node resolved: it must be the extension's own. */
  sharpFile: string;
}

/** Runs the probe in `node` against the extension installed (or unpacked) at `extensionDir`. */
export async function resizeWithExtensionSharp(extensionDir: string, node: string): Promise<ResizeResult> {
  const { stdout } = await promisify(execFile)(node, ['-e', PROBE, join(extensionDir, 'dist', 'loupeHost.js')], { cwd: extensionDir });
  return JSON.parse(stdout) as ResizeResult;
}
