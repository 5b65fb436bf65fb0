// Typed builder for throwaway git repositories in the temp folder, used as workspaces in tests.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { simpleGit } from 'simple-git';

export interface TempRepo {
  root: string;
  write(relativePath: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function createTempRepo(files: Record<string, string>, options: { git?: boolean } = {}): Promise<TempRepo> {
  const root = await mkdtemp(join(tmpdir(), 'loupe-repo-'));
  const write = async (relativePath: string, text: string) => {
    const target = join(root, relativePath);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  };
  for (const [path, text] of Object.entries(files)) await write(path, text);
  if (options.git !== false) {
    const git = simpleGit(root);
    await git.init();
    await git.addConfig('user.email', 'test@loupe.invalid');
    await git.addConfig('user.name', 'Loupe Test');
    await git.add('.');
    await git.commit('initial');
  }
  return { root, write, remove: () => rm(root, { recursive: true, force: true }) };
}

/** A tiny Node project whose `npm test` fails until add() is fixed. */
export const FAILING_ADD_PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'sample', version: '1.0.0', private: true, scripts: { test: 'node test/add.test.js' } }, null, 2) + '\n',
  'src/add.js': 'function add(a, b) {\n  return a - b;\n}\n\nmodule.exports = { add };\n',
  'test/add.test.js':
    "const assert = require('node:assert');\nconst { add } = require('../src/add');\nassert.strictEqual(add(2, 3), 5, 'add(2, 3) should be 5');\nconsole.log('all tests passed');\n",
};

/** Every file under `root` (but .git) with its bytes as base64, for byte-for-byte comparisons of a whole tree. */
export async function treeBytes(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const rel = relative(root, path);
    if (rel === '.git' || rel.startsWith('.git/') || !entry.isFile()) continue;
    files.set(rel, (await readFile(path)).toString('base64'));
  }
  return files;
}
