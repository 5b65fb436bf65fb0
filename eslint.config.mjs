// Lint: typescript-eslint's recommended rules, plus the boundaries between the layers.
import tseslint from 'typescript-eslint';

/**
 * A layer's import bans: no `vscode` (unless allowed), and no folder of src/ named in `banned`, however
 * the relative path reaches it (`../host/x`, `../../webview/y`, `./cli/z`).
 */
function layer(files, banned, message, more = [], banVscode = true) {
  const folders = `(${banned.join('|')})(/|$)`;
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        paths: banVscode ? [{ name: 'vscode', message: 'Only src/host may import vscode: put editor code there, behind an interface.' }] : [],
        patterns: [{ regex: `^\\.{1,2}/(.*/)?${folders}`, message }, ...more],
      }],
      'no-restricted-syntax': banVscode ? ['error', { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message: 'Only src/host may require vscode.' }] : 'off',
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'evals/tasks/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  // The layers (STYLE.md): the agent core knows no editor, page or terminal; the page talks to the host
  // through src/shared only; src/shared stands on nothing of ours. test/unit/lintBoundaries.test.ts shows each ban at work.
  layer(['src/agent/**/*.ts'], ['host', 'webview', 'cli'], 'src/agent is the core the CLI and the extension share: it must not import host, webview or CLI code (put an interface in src/agent/ports.ts and implement it there).'),
  layer(['src/shared/**/*.ts'], ['agent', 'host', 'webview', 'cli'], 'src/shared is what the page and the host both read: it imports nothing of ours outside src/shared.'),
  layer(['src/webview/**/*.ts'], ['agent', 'host', 'cli'], 'The webview talks to the host through src/shared only: move what both need into src/shared.', [{ regex: '^node:', message: 'The webview is a web page: it has no Node modules.' }]),
  layer(['src/cli/**/*.ts', 'src/cli.ts'], ['host', 'webview'], 'The CLI runs without VS Code: it uses src/agent and src/shared only.'),
  layer(['src/host/**/*.ts'], ['webview', 'cli'], 'The host talks to the page through src/shared/protocol.ts, and does not use the CLI.', [], false),
  {
    // Mocha loads reporters with require(); this one stays CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
