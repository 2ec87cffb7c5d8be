import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The architecture rule: core, ml and node definitions stay free of React and the DOM,
// so they run unchanged in workers, in Node (CLI, tests) and in the browser.
const noUi = {
  patterns: [
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/*', 'zustand', 'zustand/*', 'zundo'], message: 'src/core, src/ml and nodes/* must not import UI libraries.' },
    { group: ['**/designer/**'], message: 'src/core, src/ml and nodes/* must not import the designer.' },
    // src/fs writes files with node:fs; code that also runs in the browser and in workers cannot use it.
    { regex: '^(\\.\\.?/)+(src/)?fs/', message: 'src/core, src/ml, src/governance and nodes/* must not import src/fs (Node-only file helpers).' },
  ],
};

// Nodes are run by the runtime, never the other way round: a node gets everything through run()'s ctx.
// Their tests may use the runtime's testing helpers (src/runtime/testing) and nothing else of it.
const noRuntime = { regex: '^(\\.\\.?/)+src/runtime/(?!testing/)', message: 'nodes/* must not import src/runtime (tests may use the src/runtime/testing helpers).' };
const noRuntimeAtAll = { regex: '^(\\.\\.?/)+src/runtime/', message: 'nodes/* must not import src/runtime; everything a node needs comes through ctx.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**', 'out/**', '.bench-tmp/**', 'dist-cli/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'Never run strings as code.' },
        { selector: "NewExpression[callee.name='Function']", message: 'Never run strings as code.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/ml/**/*.ts', 'src/governance/**/*.ts', 'nodes/*/index.ts', 'nodes/*/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', noUi],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'navigator', 'HTMLElement'],
    },
  },
  {
    files: ['nodes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noUi.patterns, noRuntimeAtAll] }] },
  },
  {
    files: ['nodes/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRuntime] }] },
  },
  {
    files: ['src/designer/**/*.{ts,tsx}', 'src/runtime/browser/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\.?/)+(src/)?fs/', message: 'The designer runs in the browser: src/fs (Node-only file helpers) cannot be used here.' }] }],
    },
  },
);
