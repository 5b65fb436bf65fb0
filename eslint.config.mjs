// Lint: typescript-eslint's recommended rules, plus the boundary that keeps the agent core editor-free.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/agent/**/*.ts'],
    rules: {
      // The core runs in the CLI and in tests too; only src/host may talk to VS Code.
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/agent must not import vscode: put editor code in src/host behind an interface.' }] }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message: 'src/agent must not require vscode.' }],
    },
  },
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
