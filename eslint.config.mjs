// House rules, enforced: typescript-eslint's recommended rules, promise hygiene where async code runs
// (the language server and the client), and the architecture's import boundaries (docs/architecture.md).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The engine is pure: no editor, no protocol, no direct I/O, no front end. */
const CORE_FORBIDDEN = [
  { name: 'vscode', message: 'server/src/core never imports vscode: the LSP layer adapts.' },
  { name: 'node:fs', message: 'server/src/core reads files only through the injected EngineFs.' },
  { name: 'fs', message: 'server/src/core reads files only through the injected EngineFs.' },
  { name: 'node:child_process', message: 'server/src/core starts no processes.' },
  { name: 'child_process', message: 'server/src/core starts no processes.' },
];
const CORE_FORBIDDEN_PATTERNS = [
  {
    group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-languageclient*'],
    message: 'server/src/core knows no LSP types.',
  },
  {
    group: ['**/lsp', '**/lsp/**', '**/cli', '**/cli/**', '**/client/**', '**/node-*'],
    message: 'server/src/core imports no front end and no Node adapter.',
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'client/out/', 'server/out/', 'bench/out/', '.test-output/', 'test/grammar/fixtures/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-control-regex': 'off',
    },
  },
  {
    // CommonJS entry points and lazily loaded bundles: require() is how they load code on demand.
    files: ['bin/**/*.js', 'client/src/extension.ts', 'server/src/lsp/request-support.ts', 'scripts/bench.ts', 'scripts/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Type-aware rules where unawaited promises can lose errors or reorder edits.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: CORE_FORBIDDEN, patterns: CORE_FORBIDDEN_PATTERNS }] },
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The language server runs outside VS Code.' }],
          patterns: [{ group: ['**/client/**'], message: 'The language server imports nothing from the client.' }],
        },
      ],
    },
  },
  {
    // The client is UI: it asks the language server. Of the server's sources it imports only the protocol module.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Anything under server/src but protocol/, also by a detour through it (protocol/../core).
              regex: 'server/src/(?!protocol/)|server/src/protocol/(.*/)?\\.\\./',
              message: 'The client imports only server/src/protocol from the server; send the language server a natsTls/* request instead.',
            },
            { group: ['**/server/out/**'], message: 'The client starts the server bundle as a process; it does not import it.' },
          ],
        },
      ],
    },
  },
  {
    // The protocol module is shared by both ends and loaded by the client: it depends on nothing of the project.
    files: ['server/src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The protocol module is shared with the server: no vscode.' }],
          patterns: [
            {
              group: ['**/core', '**/core/**', '**/lsp', '**/lsp/**', '**/cli', '**/cli/**', '**/client/**', '**/node-*', 'vscode-*'],
              message: 'The protocol module imports nothing of the project and no library: both ends load it.',
            },
          ],
        },
      ],
    },
  },
  {
    // npm test gives the same verdict on every run: no clock and no random seed in a test. Timing budgets live in
    // `npm run bench`, random seeds in `npm run fuzz`; work bounds use test/helpers/work.ts.
    files: ['test/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...[
          ['performance', 'now'],
          ['Date', 'now'],
          ['process', 'hrtime'],
        ].map(([object, property]) => ({
          object,
          property,
          message: 'No wall-clock assertions in tests: put the budget in npm run bench, bound the work with test/helpers/work.ts.',
        })),
        { object: 'process', property: 'cpuUsage', message: 'Measure growth against a baseline with test/helpers/work.ts.' },
        {
          object: 'Math',
          property: 'random',
          message: 'Tests use fixed seeds (test/fuzz/mutate.ts rng); random seeds live in npm run fuzz.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:crypto',
              importNames: ['randomInt'],
              message: 'Tests use fixed seeds (test/fuzz/fixed-seeds.ts); random seeds live in npm run fuzz.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
