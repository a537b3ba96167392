#!/usr/bin/env node
// Builds dist/ from a clean folder (tsc -p tsconfig.build.json, bins made executable) and stamps it
// with a hash of every input. `--if-stale` skips the build when the stamp matches: `npm ci` builds
// through `prepare`, and `npm test` then does not build the same sources a second time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stampFile = join(root, 'dist', '.build-stamp');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.ts') || name.endsWith('.json')) yield path;
  }
}

function inputsHash() {
  const hash = createHash('sha256');
  const tsc = createRequire(import.meta.url)('typescript/package.json').version;
  hash.update(`typescript ${tsc}\n${JSON.stringify(pkg.bin)}\n`);
  for (const file of ['tsconfig.json', 'tsconfig.build.json']) hash.update(readFileSync(join(root, file)));
  for (const dir of ['src', 'matchers', 'arbitraries'])
    for (const file of files(join(root, dir))) hash.update(`${file.slice(root.length)}\n`).update(readFileSync(file));
  return hash.digest('hex');
}

const stamp = inputsHash();
if (process.argv.includes('--if-stale') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  process.stdout.write('dist/ is up to date (built from these sources); not rebuilding\n');
  process.exit(0);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tscBin, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
for (const bin of Object.values(pkg.bin)) chmodSync(join(root, bin), 0o755);
writeFileSync(stampFile, stamp);
