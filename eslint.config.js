import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = ['node:*', 'fs', 'fs/*', 'net', 'tls', 'http', 'https', 'dns', 'dns/*', 'child_process', 'os'];
const IO_LIBRARIES = ['ldapts', 'ldapts/*', 'undici', 'undici/*', 'ora', 'commander', '@inquirer/*'];

/** A purity rule for some source folders: no I/O modules or libraries, and none of the named layers. */
function pure(files, what, layers, layersMessage) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: IO_MODULES, message: `${what}: do I/O in src/gather, src/fix/apply or src/cli` },
          { group: IO_LIBRARIES, message: `${what}: no I/O libraries` },
          { group: layers, message: layersMessage },
        ],
      }],
    },
  };
}

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
  pure(['src/checks/**/*.ts', 'src/derived/**/*.ts'], 'checks and derived are pure', ['**/gather/**', '**/report/**', '**/cli/**'],
    'checks and derived must not depend on gatherers, renderers or the CLI'),
  pure(['src/derived/**/*.ts'], 'derived is pure', ['**/gather/**', '**/report/**', '**/cli/**', '**/checks/**', '**/engine/**'],
    'derived sits below checks and the engine: no imports from gather, report, cli, checks or engine'),
  // The remediation plan and its renderers are pure as well; the writes live in src/fix/apply.
  pure(['src/fix/*.ts'], 'the fix plan and renderers are pure', ['**/gather/**', '**/cli/**', '**/apply/**'],
    'the fix plan and renderers must not depend on gatherers, the CLI or the writer'),
);
