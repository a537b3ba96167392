import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

// Issue #13 §5: the package stands on its own. What `npm pack` ships, the package.json fields a
// registry page shows, and every section reference (§) and docs/ path a user reads resolves.
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

function* filesUnder(dir: string, ext: string): Generator<string> {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) yield* filesUnder(path, ext);
    else if (entry.name.endsWith(ext)) yield path;
  }
}

/** The numbered headings of a spec file: '9.3' for `### 9.3 ...`, '12' for `## 12. ...`. */
const headings = new Map<string, Set<string>>();
function sections(specFile: string): Set<string> {
  let found = headings.get(specFile);
  if (found === undefined) {
    found = new Set([...read(specFile).matchAll(/^#{1,6} (\d+(?:\.\d+)*)\.? /gm)].map((m) => m[1] as string));
    headings.set(specFile, found);
  }
  return found;
}

/** The section numbers a reference text names: '§9.3', '§12-13', '§8.2–8.3', '§1, §3, §4'. */
function numbers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/§ ?(\d+(?:\.\d+)*)(?:[–-](\d+(?:\.\d+)*))?/g)) {
    out.push(m[1] as string);
    if (m[2] !== undefined) out.push(m[2]);
  }
  return out;
}

/** Problems with the § references of one text, resolving file names against `base`. */
function referenceProblems(
  where: string,
  text: string,
  resolve: (file: string) => string | null,
  fallback: string | null,
): string[] {
  const problems: string[] = [];
  // A named reference and the bare numbers chained after it: `spec/bridge.md §12, §13`.
  const named = /`?((?:docs\/)?(?:spec\/)?[\w-]+\.md)`? ?((?:§ ?\d+(?:\.\d+)*(?:[–-]\d+(?:\.\d+)*)?(?:, )?)+)/g;
  const covered: [number, number][] = [];
  for (const m of text.matchAll(named)) {
    covered.push([m.index, m.index + m[0].length]);
    const file = resolve(m[1] as string);
    if (file === null) {
      problems.push(`${where}: '${m[0]}' names a file that is not a spec page in the package`);
      continue;
    }
    for (const n of numbers(m[2] as string))
      if (!sections(file).has(n)) problems.push(`${where}: '${m[0]}': ${file} has no section ${n}`);
  }
  for (const m of text.matchAll(/§ ?\d+(?:\.\d+)*(?:[–-]\d+(?:\.\d+)*)?/g)) {
    if (covered.some(([a, b]) => m.index >= a && m.index < b)) continue;
    if (fallback === null) {
      problems.push(`${where}: bare '${m[0]}' and the page names no spec file for bare section numbers`);
      continue;
    }
    for (const n of numbers(m[0]))
      if (!sections(fallback).has(n)) problems.push(`${where}: '${m[0]}': ${fallback} has no section ${n}`);
  }
  return problems;
}

describe('the npm package', () => {
  test('the tarball holds dist, docs (with the spec), examples, LICENSE and README; no tests or CI files', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = new Set((JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path));
    for (const file of [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/src/reference/bin.js',
      'docs/cli.md',
      'docs/fuzz.md',
      'docs/report.md',
      'docs/spec/bridge.md',
      'docs/spec/machine.md',
      'docs/spec/projection.md',
      'docs/spec/heap.md',
      'examples/buggy-runner/runner.mjs',
      'examples/buggy-runner/README.md',
    ])
      expect(files.has(file), file).toBe(true);
    for (const file of files) expect(file, file).not.toMatch(/^(test|bench|\.ci|\.github|node_modules)\//);
    expect(read('LICENSE')).toMatch(/^MIT License/);
  });

  test('package.json: license, repository, homepage, bugs, engines, files, one build in npm test', () => {
    const pkg = JSON.parse(read('package.json')) as Record<string, unknown> & {
      repository: { type: string; url: string };
      bugs: { url: string };
      scripts: Record<string, string>;
    };
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository.type).toBe('git');
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\/.+\/issues$/);
    // `npm ci` builds through prepare; `npm test` builds only when the sources changed since.
    expect(pkg.scripts.pretest).toBeUndefined();
    expect(pkg.scripts.test).toMatch(/^node \.ci\/build\.mjs --if-stale && /);
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts['test:quick']).toMatch(/^vitest run /);
  });

  test('the nightly workflow writes and uploads the HTML report', () => {
    const workflow = read('.github/workflows/nightly-fuzz.yml');
    expect(workflow).toContain('--report report-${{ matrix.shard }}.html');
    const uploads = workflow.split('uses: actions/upload-artifact').slice(1);
    expect(uploads.some((u) => u.includes('\n            report-${{ matrix.shard }}.html'))).toBe(true);
    expect(workflow).toContain('shards/**/report-*.html');
  });
});

describe('every reference a user reads resolves (issue #13 §5)', () => {
  test('docs pages and README: named § references point at a real section of a shipped spec page; bare ones at the page default', () => {
    const problems: string[] = [];
    for (const page of ['README.md', ...filesUnder('docs', '.md')]) {
      if (page.startsWith('docs/spec/')) continue; // the specification itself, verbatim
      const text = read(page);
      const fallback = /Bare section numbers \(§\) on this page refer to \[spec\/([\w-]+)\.md\]/.exec(text)?.[1];
      const resolve = (file: string): string | null => {
        const name = /([\w-]+)\.md$/.exec(file)?.[1] ?? '';
        const target = file.startsWith('docs/') ? file : file.startsWith('spec/') ? `docs/${file}` : null;
        // Outside docs/spec a plain 'bridge.md §' would be ambiguous with docs/bridge.md.
        return target !== null && target === `docs/spec/${name}.md` && existsSync(join(root, target)) ? target : null;
      };
      problems.push(
        ...referenceProblems(page, text, resolve, fallback === undefined ? null : `docs/spec/${fallback}.md`),
      );
    }
    expect(problems).toStrictEqual([]);
  });

  test('strings in the code (messages, help, property descriptions): § references name docs/spec/FILE.md and a real section', () => {
    const problems: string[] = [];
    for (const dir of ['src', 'matchers', 'arbitraries'])
      for (const file of filesUnder(dir, '.ts')) {
        const lines = read(file).split('\n');
        lines.forEach((line, i) => {
          if (/^\s*(\/\/|\*|\/\*)/.test(line) || !line.includes('§')) return;
          // Only the part after the first quote: string text, not a trailing comment's.
          const quoted = /['"`].*/.exec(line.replace(/\s\/\/ .*$/, ''))?.[0];
          if (quoted === undefined || !quoted.includes('§')) return;
          const resolve = (name: string): string | null =>
            name.startsWith('docs/spec/') && existsSync(join(root, name)) ? name : null;
          problems.push(...referenceProblems(`${relative(root, join(root, file))}:${i + 1}`, quoted, resolve, null));
        });
      }
    expect(problems).toStrictEqual([]);
  });

  test('docs/ paths in messages, help texts and docs exist, and their #anchors are headings', () => {
    const problems: string[] = [];
    const anchors = (page: string): Set<string> =>
      new Set(
        [...read(page).matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
          (m[1] as string)
            .toLowerCase()
            .replace(/[^\w\s-]/g, '')
            .trim()
            .replace(/\s/g, '-'),
        ),
      );
    // docs/spec/ is the specification verbatim: its docs/ paths are telltale's own documents.
    const sources = [...filesUnder('src', '.ts'), ...filesUnder('docs', '.md'), 'README.md'].filter(
      (f) => !f.startsWith('docs/spec/'),
    );
    for (const file of sources)
      for (const m of read(file).matchAll(/\bdocs\/([\w/-]+\.md)(#[\w-]+)?/g)) {
        const page = `docs/${m[1] as string}`;
        if (!existsSync(join(root, page))) problems.push(`${file}: ${m[0]} does not exist`);
        else if (m[2] !== undefined && !anchors(page).has(m[2].slice(1)))
          problems.push(`${file}: ${m[0]}: no such heading`);
      }
    expect(problems).toStrictEqual([]);
  });
});
