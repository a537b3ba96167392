import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

// The package entries as users import them (built dist/, through package.json "exports"): the root
// keeps every name the README and docs import from it, engine internals live in ./internals only,
// and no name is exported twice.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
};
const entryFile = (subpath: string): string => {
  const e = pkg.exports[subpath];
  if (e === undefined || typeof e === 'string') throw new Error(`package.json exports has no ${subpath}`);
  return join(repo, e.default);
};
const built = existsSync(entryFile('.'));
const load = async (subpath: string): Promise<Record<string, unknown>> =>
  (await import(pathToFileURL(entryFile(subpath)).href)) as Record<string, unknown>;

/** Names imported from an entry in the README's and docs' code blocks (`import { a, b } from 'telltale-parity…'`). */
function documentedImports(): Map<string, Set<string>> {
  const pages = [
    join(repo, 'README.md'),
    ...readdirSync(join(repo, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(repo, 'docs', f)),
  ];
  const out = new Map<string, Set<string>>();
  for (const page of pages) {
    const text = readFileSync(page, 'utf8');
    // Value imports only: type-only names do not exist at run time.
    for (const m of text.matchAll(/import \{([^}]*)\} from 'telltale-parity(\/[a-z]+)?'/g)) {
      const subpath = m[2] === undefined ? '.' : `.${m[2]}`;
      const names = out.get(subpath) ?? new Set<string>();
      for (const n of (m[1] ?? '').split(','))
        if (n.trim() !== '' && !n.trim().startsWith('type ')) names.add(n.trim());
      out.set(subpath, names);
    }
  }
  return out;
}

// `npm test` builds dist/ first (when stale); locally run `npm run build`.
describe.skipIf(!built)('package entries (dist/)', () => {
  test('every name the README and docs import from an entry is exported by it', async () => {
    const missing: string[] = [];
    for (const [subpath, names] of documentedImports()) {
      const entry = await load(subpath);
      for (const name of names) if (!(name in entry)) missing.push(`${subpath}: ${name}`);
    }
    expect(missing).toEqual([]);
    expect(documentedImports().get('.')?.size).toBeGreaterThan(10);
  });

  test('./internals holds the engine internals, the root does not, and no name is in both', async () => {
    const root = await load('.');
    const internals = await load('./internals');
    for (const name of ['stringifySorted', 'builtinProperties', 'checkSchedule']) {
      expect(name in internals, name).toBe(true);
      expect(name in root, name).toBe(false);
    }
    // The machine's record classes are private to src/machine: engines see read-only views.
    for (const name of ['Coroutine', 'SessionRecord', 'EdgeBuffer']) {
      expect(name in internals || name in root, name).toBe(false);
    }
    expect(Object.keys(root).filter((name) => name in internals)).toEqual([]);
    expect(root['VERSION']).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
  });
});
