// @ts-check
// Lint: typescript-eslint's type-checked rules, Vitest's rules for tests, and the layering of
// docs/architecture.md encoded as import boundaries (a folder may import only the layers below it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

/** What each src folder may import from other src folders (docs/architecture.md). */
const layers = {
  types: [],
  projection: ['types'],
  machine: ['types', 'projection'],
  threaded: ['types', 'projection', 'machine'],
  reference: ['types', 'projection'],
  heap: ['types'],
  bridge: ['types', 'projection', 'machine', 'threaded', 'reference'],
  trace: ['types', 'projection', 'machine', 'threaded', 'bridge', 'heap'],
  corpus: ['types', 'projection', 'trace', 'heap'],
  fuzz: ['types', 'projection', 'machine', 'threaded', 'reference', 'bridge', 'heap', 'trace', 'corpus'],
  plugin: ['types', 'projection', 'machine', 'threaded', 'reference', 'bridge', 'heap', 'trace', 'corpus', 'fuzz'],
};
const allFolders = [...Object.keys(layers), 'cli'];

/** `_internals/` of another folder is never imported (style.md §7). */
const noForeignInternals = [
  {
    group: ['../*/_internals/*', '../../*/_internals/*', '../../src/*/_internals/*', '../../../src/*/_internals/*'],
    message: "Another folder's _internals/ is private: import its public file instead.",
  },
  {
    group: [
      '../matchers/_internals/*',
      '../../matchers/_internals/*',
      '../arbitraries/_internals/*',
      '../../arbitraries/_internals/*',
    ],
    message: "Another folder's _internals/ is private: import its public file instead.",
  },
];

const boundary = (folder, allowed) => {
  const forbidden = allFolders.filter((f) => f !== folder && !allowed.includes(f));
  const groups = forbidden.flatMap((f) => [`../${f}/*`, `../../${f}/*`, `../../../${f}/*`, `../${f}`]);
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noForeignInternals,
            ...(groups.length > 0
              ? [
                  {
                    group: groups,
                    message: `src/${folder} may import only ${allowed.join(', ') || 'nothing from other folders'} (docs/architecture.md).`,
                  },
                ]
              : []),
            {
              group: [
                '**/cli/*',
                '../../arbitraries/*',
                '../../../arbitraries/*',
                '../../matchers/*',
                '../../../matchers/*',
              ].filter(
                (g) =>
                  !(folder === 'fuzz' && g.includes('arbitraries')) && !(folder === 'plugin' && g.includes('matchers')),
              ),
              message: 'Nothing imports the CLI; arbitraries are for fuzz, matchers for the plugin.',
            },
          ],
        },
      ],
    },
  };
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test/fixtures/**',
      'corpora/**',
      'examples/**/node_modules/**',
      '**/*.mjs',
      '**/*.cjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'matchers/**/*.ts', 'arbitraries/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  ...Object.entries(layers).map(([folder, allowed]) => boundary(folder, allowed)),
  {
    files: ['matchers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noForeignInternals,
            {
              group: [
                '../src/*',
                '!../src/types',
                '!../src/projection',
                '!../src/trace',
                '!../src/heap',
                '../src/cli/*',
                '../src/fuzz/*',
                '../src/plugin/*',
                '../src/corpus/*',
                '../src/bridge/*',
                '../src/machine/*',
                '../src/threaded/*',
                '../src/reference/*',
              ],
              message: 'matchers import only types, projection, trace and heap.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['arbitraries/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noForeignInternals,
            {
              group: [
                '../src/cli/*',
                '../src/fuzz/*',
                '../src/plugin/*',
                '../src/corpus/*',
                '../src/bridge/*',
                '../src/trace/*',
                '../src/threaded/*',
                '../src/reference/*',
                '../matchers/*',
              ],
              message: 'arbitraries import only types, projection, machine and heap.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    plugins: { vitest },
    rules: { ...vitest.configs.recommended.rules },
  },
);
