// @ts-check
// Lint: typescript-eslint's type-checked rules, Vitest's rules for tests, and the layering of
// docs/architecture.md encoded as import boundaries (a folder may import only the layers below it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

/**
 * What each src folder may import from other src folders (docs/architecture.md, style.md §7). The
 * files at the top of src/ (the entries index.ts and internals.ts, and version.ts) are outside the map;
 * version.ts imports nothing of ours, so any folder may use it. test/e2e/architecture.test.ts checks
 * that these rules flag exactly the imports this map forbids, and that docs/architecture.md agrees.
 */
export const layers = {
  types: [],
  projection: ['types'],
  machine: ['types', 'projection'],
  threaded: ['types', 'projection', 'machine'],
  reference: ['types', 'projection'],
  process: ['types'],
  heap: ['types', 'process'],
  bridge: ['types', 'projection', 'machine', 'threaded', 'reference', 'process'],
  trace: ['types', 'projection', 'machine', 'threaded', 'bridge', 'heap'],
  corpus: ['types', 'projection', 'trace', 'heap'],
  fuzz: ['types', 'projection', 'machine', 'threaded', 'reference', 'process', 'bridge', 'heap', 'trace', 'corpus'],
  plugin: [
    'types',
    'projection',
    'machine',
    'threaded',
    'reference',
    'process',
    'bridge',
    'heap',
    'trace',
    'corpus',
    'fuzz',
  ],
};

/** Outside src/: matchers and arbitraries sit on top of these src folders; the CLI imports anything. */
export const packageLayers = {
  matchers: ['types', 'projection', 'trace', 'heap'],
  arbitraries: ['types', 'projection', 'machine', 'heap'],
};

/** The src folders that use matchers/ or arbitraries/: the fuzzer draws inputs, the plugin registers matchers. */
export const packageImports = { fuzz: ['arbitraries'], plugin: ['matchers'] };
const allFolders = [...Object.keys(layers), 'cli'];
const up = (n) => '../'.repeat(n);
/** Relative prefixes from a file 1 to 4 folders deep (src/x/file.ts is 2 deep from the root, 1 from src/). */
const depths = [1, 2, 3, 4];

/** `_internals/` of another folder is never imported (style.md §7); a folder's own stay reachable. */
const noForeignInternals = {
  group: depths.flatMap((d) => [`${up(d)}*/_internals/*`, `${up(d)}src/*/_internals/*`]),
  message: "Another folder's _internals/ is private: import its public file instead.",
};

/** The package entries (src/index.ts, src/internals.ts) are for users: nothing inside the package imports them. */
const noEntries = {
  group: depths.flatMap((d) => [
    `${up(d)}index.js`,
    `${up(d)}internals.js`,
    `${up(d)}src/index.js`,
    `${up(d)}src/internals.js`,
  ]),
  message: 'The package entries are for users: import the file that defines the name instead.',
};

const noCli = { group: ['**/cli/*', '**/cli'], message: 'Nothing imports the CLI (docs/architecture.md).' };

/** Patterns for imports of the src folders `targets`, from a file in src/ (`inSrc`) or beside it. */
const folderPatterns = (targets, inSrc) =>
  targets.flatMap((f) => depths.flatMap((d) => (inSrc ? [`${up(d)}${f}/*`, `${up(d)}${f}`] : [`${up(d)}src/${f}/*`])));

/** Patterns for imports of the top-level `matchers/` or `arbitraries/` packages. */
const packagePatterns = (targets) => targets.flatMap((p) => depths.flatMap((d) => [`${up(d)}${p}/*`, `${up(d)}${p}`]));

/**
 * The import boundary of one folder: `allowed` src folders and `allowedPackages` of matchers/arbitraries;
 * never the CLI, an entry, or another folder's _internals/.
 */
const restrict = (files, who, allowed, allowedPackages = []) => {
  const forbidden = allFolders.filter((f) => f !== who && !allowed.includes(f));
  const forbiddenPackages = ['matchers', 'arbitraries'].filter((p) => p !== who && !allowedPackages.includes(p));
  const inSrc = !(who in packageLayers);
  const may = [...allowed, ...allowedPackages].join(', ') || 'nothing of ours';
  const layerGroup = [...folderPatterns(forbidden, inSrc), ...packagePatterns(forbiddenPackages)];
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noForeignInternals,
            noEntries,
            ...(who === 'cli' ? [] : [noCli]),
            ...(layerGroup.length === 0
              ? []
              : [
                  {
                    group: layerGroup,
                    message: `${inSrc ? `src/${who}` : who} may import only ${may} (docs/architecture.md).`,
                  },
                ]),
          ],
        },
      ],
    },
  };
};

/** The entries may re-export from every folder, but not from another folder's _internals/. */
const entries = {
  files: ['src/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['./*/_internals/*'], message: "Entries export public files, never a folder's _internals/." },
          noCli,
        ],
      },
    ],
  },
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
      // Interface methods (Lane.run, Lane.available, command mains) are async even when their body is
      // synchronous, so that a throw inside becomes a rejected promise as the interface promises.
      '@typescript-eslint/require-await': 'off',
      // Module-private signal classes, thrown and caught inside one module to unwind a decoder or a
      // search; they carry error data, and a stack trace per rejected input would cost for nothing.
      '@typescript-eslint/only-throw-error': [
        'error',
        {
          allow: [
            { from: 'file', name: ['DecodeFailure', 'LeanFailure', 'Stop', 'Bad', 'LeanError', 'InputUnreadable'] },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'matchers/**/*.ts', 'arbitraries/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  ...Object.entries(layers).map(([folder, allowed]) =>
    restrict([`src/${folder}/**/*.ts`], folder, allowed, packageImports[folder] ?? []),
  ),
  entries,
  // The CLI may import anything of ours, but still no folder's _internals/ and no entry.
  restrict(['src/cli/**/*.ts'], 'cli', Object.keys(layers), ['matchers', 'arbitraries']),
  restrict(['matchers/**/*.ts'], 'matchers', packageLayers.matchers),
  restrict(['arbitraries/**/*.ts'], 'arbitraries', packageLayers.arbitraries),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      // Vitest's expect takes a message as its second argument: `expect(r.code, args.join(' '))`.
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      // One test vocabulary: `test`, inside and outside `describe` (issue #15 §5).
      'vitest/consistent-test-it': ['error', { fn: 'test', withinDescribe: 'test' }],
      // Tests read parsed JSON and use asymmetric matchers (`expect.stringContaining`), both typed
      // `any` by their libraries; type-checking those reads would only add casts.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
