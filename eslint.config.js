import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Checks and derived models are pure (DESIGN.md): no I/O modules, no gatherers, renderers or CLI.
  // Derived models also stay below the checks and the engine (their types come from artifacts and codes).
  {
    files: ['src/checks/**/*.ts', 'src/derived/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'fs/*', 'net', 'tls', 'http', 'https', 'dns', 'dns/*', 'child_process', 'os'], message: 'checks and derived are pure: do I/O in src/gather or src/cli' },
          { group: ['ldapts', 'ldapts/*', 'undici', 'undici/*', 'ora', 'commander', '@inquirer/*'], message: 'checks and derived are pure: no I/O libraries' },
          { group: ['**/gather/**', '**/report/**', '**/cli/**'], message: 'checks and derived must not depend on gatherers, renderers or the CLI' },
        ],
      }],
    },
  },
  {
    files: ['src/derived/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'fs/*', 'net', 'tls', 'http', 'https', 'dns', 'dns/*', 'child_process', 'os'], message: 'derived is pure: do I/O in src/gather or src/cli' },
          { group: ['ldapts', 'ldapts/*', 'undici', 'undici/*', 'ora', 'commander', '@inquirer/*'], message: 'derived is pure: no I/O libraries' },
          { group: ['**/gather/**', '**/report/**', '**/cli/**', '**/checks/**', '**/engine/**'], message: 'derived sits below checks and the engine: no imports from gather, report, cli, checks or engine' },
        ],
      }],
    },
  },
  // The remediation plan and its renderers are pure as well; the writes live in src/fix/apply.
  {
    files: ['src/fix/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'fs/*', 'net', 'tls', 'http', 'https', 'dns', 'dns/*', 'child_process', 'os'], message: 'the fix plan and renderers are pure: do I/O in src/fix/apply or src/cli' },
          { group: ['ldapts', 'ldapts/*', 'undici', 'undici/*', 'ora', 'commander', '@inquirer/*'], message: 'the fix plan and renderers are pure: no I/O libraries' },
          { group: ['**/gather/**', '**/cli/**', '**/apply/**'], message: 'the fix plan and renderers must not depend on gatherers, the CLI or the writer' },
        ],
      }],
    },
  },
);
