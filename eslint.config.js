// Lint gates that catch real bugs (CONVENTIONS habit 9), not style: formatting is not argued here.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'data/'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'before', 'after'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The engine speaks the Store port; SQL and SQLite details stay under src/store/sqlite/. The
    // reference platform is an application on the embedded store: its components keep their own
    // tables in the store's file, with their own migration sets, through a connection set up as
    // the store's own.
    files: ['src/**/*.ts'],
    ignores: ['src/store/**', 'src/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/store/sqlite/*', '!**/store/sqlite/sqlite-store.js'], message: 'use the Store port; only the composition root names SqliteStore' }] },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/sqlite/*', '!**/store/sqlite/migrations.js', '!**/store/sqlite/connection.js'],
              message: 'platform components use the SQLite file through a connection set up as the store\'s (connection.js) and their own migration sets (migrations.js) only',
            },
          ],
        },
      ],
    },
  },
);
