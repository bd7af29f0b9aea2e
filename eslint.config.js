// typescript-eslint's recommended rules everywhere; workflow code additionally may import only
// the workflow SDK, other workflow files and types from src/ (the bundle runs in Temporal's
// deterministic sandbox, where Nest, TypeORM, fs or a clock would break replay).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.data/**', '.tools/**', 'node_modules/**', 'test-artifacts/**', '.schemathesis/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // The console's one script runs in the browser, as a classic script.
  { files: ['templates/**/*.js'], languageOptions: { globals: { ...globals.browser }, sourceType: 'script' } },
  // Tests and benchmarks read JSON answers of any shape.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // TypeScript itself reports undefined names in .ts files.
  { files: ['**/*.ts'], rules: { 'no-undef': 'off' } },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|\\./|\\.\\./src/)',
              message: 'workflow code imports only @temporalio/workflow, other workflow files and types from src/',
            },
            { regex: '^\\.\\./src/', allowTypeImports: true, message: 'workflow code may import only types from src/' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch', 'require'],
    },
  },
);
