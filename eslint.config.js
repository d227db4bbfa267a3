// ESLint (with typescript-eslint) over the sources, tests, scripts and benchmarks;
// Prettier formats (eslint-config-prettier turns off what it owns). `npm test` runs both.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'data/', '.cache/', 'node_modules/', 'bench/corpus/', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  // Mocha suites: describe, it, before, suite, test…
  // Hostile-input tests match control characters on purpose.
  { files: ['test/**/*.ts'], languageOptions: { globals: { ...globals.mocha } }, rules: { 'no-control-regex': 'off' } },
  prettier,
);
