import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';

// The layering of docs/architecture.md is enforced by eslint.config.js. These tests lint one-line
// probe files against the configuration's import rules (without type information, so it is fast) and
// check that every forbidden import is flagged, every allowed one is not, and that the page's table
// says the same as the configuration.
const repo = fileURLToPath(new URL('../../', import.meta.url));

interface LintConfigModule {
  readonly default: readonly Linter.Config[];
  readonly layers: Readonly<Record<string, readonly string[]>>;
  readonly packageLayers: Readonly<Record<string, readonly string[]>>;
  readonly packageImports: Readonly<Record<string, readonly string[]>>;
}

let config: LintConfigModule;
let boundaries: Linter.Config[] = [];
const linter = new Linter({ cwd: repo });

beforeAll(async () => {
  // eslint.config.js is plain JavaScript; the interface above is what this test reads from it.
  config = (await import(pathToFileURL(join(repo, 'eslint.config.js')).href)) as LintConfigModule;
  boundaries = config.default
    .filter((c) => c.rules?.['no-restricted-imports'] !== undefined)
    .map((c) => ({ files: c.files, rules: { 'no-restricted-imports': c.rules?.['no-restricted-imports'] } }));
});

/** Whether importing `specifier` from the file `from` (relative to the repository) is flagged. */
function flagged(from: string, specifier: string): boolean {
  const messages = linter.verify(
    `import { x } from '${specifier}';\nexport { x };\n`,
    [{ files: ['**/*.ts'], languageOptions: { sourceType: 'module', ecmaVersion: 2022 } }, ...boundaries],
    { filename: join(repo, from) },
  );
  const fatal = messages.filter((m) => m.fatal === true);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join('; '));
  return messages.some((m) => m.ruleId === 'no-restricted-imports');
}

const srcFolders = (): string[] => [...Object.keys(config.layers), 'cli'];

describe('import boundaries (eslint.config.js)', () => {
  test('the layer map names every src folder, and nothing that is not one', () => {
    const onDisk = readdirSync(join(repo, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(srcFolders().sort()).toEqual(onDisk);
  });

  test('a src folder may import exactly the folders its layer allows, at every depth', () => {
    const wrong: string[] = [];
    for (const from of srcFolders()) {
      const allowed = from === 'cli' ? Object.keys(config.layers) : (config.layers[from] ?? []);
      for (const to of srcFolders()) {
        if (to === from) continue;
        const expected = !allowed.includes(to);
        for (const [file, spec] of [
          [`src/${from}/probe.ts`, `../${to}/probe.js`],
          [`src/${from}/_internals/probe.ts`, `../../${to}/probe.js`],
          [`src/${from}/sub/_internals/probe.ts`, `../../../${to}/probe.js`],
        ] as const) {
          if (flagged(file, spec) !== expected)
            wrong.push(`${file} → ${spec}: expected ${expected ? 'flagged' : 'allowed'}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test("another folder's _internals/ and the package entries are flagged everywhere; a folder's own internals are not", () => {
    for (const from of srcFolders()) {
      for (const to of srcFolders().filter((f) => f !== from))
        expect(flagged(`src/${from}/probe.ts`, `../${to}/_internals/probe.js`), `${from} → ${to}/_internals`).toBe(
          true,
        );
      expect(flagged(`src/${from}/probe.ts`, './_internals/probe.js')).toBe(false);
      expect(flagged(`src/${from}/sub/probe.ts`, '../_internals/probe.js')).toBe(false);
      expect(flagged(`src/${from}/probe.ts`, '../index.js')).toBe(true);
      expect(flagged(`src/${from}/probe.ts`, '../internals.js')).toBe(true);
      expect(flagged(`src/${from}/probe.ts`, '../version.js')).toBe(false);
    }
    expect(flagged('matchers/probe.ts', '../src/heap/_internals/json.js')).toBe(true);
    expect(flagged('matchers/_internals/probe.ts', '../../src/trace/_internals/bridgeForm.js')).toBe(true);
    expect(flagged('src/plugin/probe.ts', '../../matchers/_internals/format.js')).toBe(true);
    expect(flagged('src/index.ts', './threaded/_internals/threadedDiagnostics.js')).toBe(true);
    expect(flagged('src/index.ts', './threaded/runThreaded.js')).toBe(false);
  });

  test('matchers/ and arbitraries/ import only their src layers; only fuzz draws arbitraries, only plugin registers matchers', () => {
    const wrong: string[] = [];
    for (const [pkg, allowed] of Object.entries(config.packageLayers)) {
      for (const to of srcFolders()) {
        const expected = !allowed.includes(to);
        for (const [file, spec] of [
          [`${pkg}/probe.ts`, `../src/${to}/probe.js`],
          [`${pkg}/_internals/probe.ts`, `../../src/${to}/probe.js`],
        ] as const) {
          if (flagged(file, spec) !== expected)
            wrong.push(`${file} → ${spec}: expected ${expected ? 'flagged' : 'allowed'}`);
        }
      }
    }
    expect(flagged('matchers/probe.ts', '../arbitraries/globalType.js')).toBe(true);
    expect(flagged('arbitraries/probe.ts', '../matchers/toProjectTo.js')).toBe(true);
    for (const from of srcFolders()) {
      const uses = from === 'cli' ? ['matchers', 'arbitraries'] : (config.packageImports[from] ?? []);
      for (const pkg of ['matchers', 'arbitraries']) {
        const expected = !uses.includes(pkg);
        if (flagged(`src/${from}/probe.ts`, `../../${pkg}/probe.js`) !== expected)
          wrong.push(`src/${from} → ${pkg}: expected ${expected ? 'flagged' : 'allowed'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  test('its "may import" table is the layer map of eslint.config.js', () => {
    const page = readFileSync(join(repo, 'docs', 'architecture.md'), 'utf8');
    const rows = new Map<string, string[]>();
    for (const m of page.matchAll(/^\| `([a-z/]+)\/` \| ([^|]+) \|$/gm)) {
      const cell = (m[2] ?? '').trim();
      rows.set(m[1] ?? '', cell === 'nothing' || cell === 'anything' ? [cell] : cell.split(', '));
    }
    const expected = new Map<string, string[]>();
    for (const [folder, allowed] of Object.entries(config.layers))
      expected.set(`src/${folder}`, [...allowed, ...(config.packageImports[folder] ?? [])]);
    for (const [pkg, allowed] of Object.entries(config.packageLayers)) expected.set(pkg, [...allowed]);
    expected.set('src/cli', ['anything']);
    for (const [folder, allowed] of expected) if (allowed.length === 0) expected.set(folder, ['nothing']);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
  });

  test('it has a paragraph for every folder of the table', () => {
    const page = readFileSync(join(repo, 'docs', 'architecture.md'), 'utf8');
    for (const folder of [...srcFolders().map((f) => `src/${f}`), ...Object.keys(config.packageLayers)])
      expect(page, folder).toContain(`**\`${folder}/\`** — `);
  });
});
